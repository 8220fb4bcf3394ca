"""Synthetic newsroom data for the benchmark (`manage.py seed_bench`), made with bulk inserts.

Deterministic (a fixed random seed), so two runs measure the same archive. Nothing here is used
by the site itself.
"""

import os
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from articles import facts, highlights, page_marks
from articles.models import (
    Article,
    ArticleExpert,
    ArticleFacts,
    ArticleTopic,
    Conference,
    Department,
    Expert,
    FormerSlug,
    MediaLink,
    Source,
    Topic,
)
from search import indexing as search_indexing
from search.models import ArticleSearchDocument

BATCH = 2000
TAGS, EXPERTS, CONFERENCES, DEPARTMENTS, SOURCES = 500, 2000, 300, 40, 12
NON_PUBLIC_SHARE = 0.05
BODY_WORDS = 600

WORDS_TEXT = (
    "patients care clinic hospital team treatment study trial results therapy cancer heart "
    "stroke brain lung kidney liver blood cells immune vaccine infection children family "
    "nurses doctors surgery recovery research screening diagnosis imaging scan programme "
    "service ward emergency intensive outpatient community rehabilitation pain sleep diabetes "
    "obesity asthma allergy arthritis bone joint spine eye skin mental health memory dementia "
    "pregnancy birth neonatal paediatric elderly frailty falls medicine pharmacy dose safety "
    "quality waiting times access digital records data genetics genome precision biomarker "
    "tumour leukaemia lymphoma myeloma transplant donor marrow stem radiotherapy chemotherapy "
    "immunotherapy antibody protein enzyme hormone nutrition exercise smoking alcohol "
    "prevention awareness volunteers charity funding partnership university students training "
    "fellowship award conference presented published journal evidence guideline outcome "
    "survival improved reduced faster safer new first regional national international "
    "launched opened expanded"
)
WORDS = WORDS_TEXT.split()
FUNCTION_WORDS_TEXT = (
    "the of and to in a for with on at by from that this is was were will has have are be as an "
    "it its their our new more after over into than also which who"
)
FUNCTION_WORDS = FUNCTION_WORDS_TEXT.split()
SYLLABLES_TEXT = "ba ce di fo gu ka le mi no pu ra se ti vo zu lan mer tis cor pel"
SYLLABLES = SYLLABLES_TEXT.split()


VOCABULARY_SIZE = 20_000


def vocabulary(rand):
    """Words by frequency rank, for a Zipf distribution: function words first, then invented
    filler words with the medical terms spread evenly between ranks 200 and 20,000. As in real
    news, a given medical term then appears in the text of roughly 0.5 to 10% of articles."""
    words = list(FUNCTION_WORDS)
    filler = [
        a + b + c + d for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES for d in "nrst"
    ]
    rand.shuffle(filler)
    filler = iter(filler)
    medical = rand.sample(WORDS, len(WORDS))
    spacing = (VOCABULARY_SIZE - 200) // len(medical)
    medical_at = {200 + index * spacing: word for index, word in enumerate(medical)}
    for rank in range(len(words), VOCABULARY_SIZE):
        words.append(medical_at.get(rank) or next(filler))
    return words


def zipf_weights(count):
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 10)
        cumulative.append(total)
    return cumulative


DEPARTMENTS_TEXT = (
    "Cardiology, Haematology, Neurology, Oncology, Radiology, Paediatrics, Obstetrics, "
    "Geriatric Medicine, Emergency Medicine, Intensive Care, Anaesthesia, General Surgery, "
    "Orthopaedics, Urology, Nephrology, Hepatology, Gastroenterology, Endocrinology, "
    "Dermatology, Ophthalmology, Otolaryngology, Psychiatry, Respiratory Medicine, "
    "Rheumatology, Infectious Diseases, Pathology, Pharmacy, Nursing, Physiotherapy, "
    "Nutrition and Dietetics, Palliative Care, Plastic Surgery, Vascular Surgery, "
    "Cardiothoracic Surgery, Neurosurgery, Clinical Genetics, Nuclear Medicine, "
    "Public Health, Medical Education, Research and Innovation"
)
DEPARTMENT_NAMES = DEPARTMENTS_TEXT.split(", ")
GIVEN_TEXT = "Alex Sam Maria Chen Wei Li Ana Omar Grace Ivan Priya Tomas Aisha Jonas Mei Noor Elena"
GIVEN = GIVEN_TEXT.split()
FAMILY_TEXT = (
    "Huang Smith Okafor Garcia Novak Tanaka Kowalski Haddad Lindqvist Moreau Rossi Silva "
    "Nguyen Patel Fischer Dubois Jensen Costa Murphy Wang Zhang Liu Chen Yamamoto Kim Park"
)
FAMILY = FAMILY_TEXT.split()
CITIES = [
    ("Valencia", "Spain"),
    ("Lyon", "France"),
    ("Vienna", "Austria"),
    ("Boston", "United States"),
    ("Singapore", "Singapore"),
    ("Berlin", "Germany"),
    ("Lisbon", "Portugal"),
    ("Copenhagen", "Denmark"),
]
NON_PUBLIC = (
    Article.Status.DRAFT,
    Article.Status.IN_REVIEW,
    Article.Status.WITHDRAWN,
    "scheduled",
)


def build_in_parallel(rebuild_all, workers=None):
    """Build the search index or the read model (`rebuild_all`) with one connection per core:
    PostgreSQL spends most of the index's time stemming text, one core per query. Inside a
    transaction (the tests) the other connections would not see the new articles, so it is
    built on this one."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        rebuild_all()
        return
    workers = workers or os.cpu_count() or 1
    ids = Article.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if ids["low"] is None:
        return
    step = (ids["high"] - ids["low"]) // workers + 1
    starts = range(ids["low"], ids["high"] + 1, step)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda start: build_range(rebuild_all, start, start + step), starts))


def build_range(rebuild_all, low, high):
    try:
        rebuild_all(Article.objects.filter(pk__gte=low, pk__lt=high))
    finally:
        connection.close()  # this thread's own connection


class BenchData:
    def __init__(self, articles, seed=42, log=print):
        self.count = articles
        self.random = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.vocabulary = vocabulary(self.random)
        self.weights = zipf_weights(len(self.vocabulary))

    def build(self):
        """Replace every article and facet with a synthetic archive of `count` articles."""
        with transaction.atomic():
            self.clear()
            self.facets()
        for start in range(0, self.count, BATCH):
            with transaction.atomic():
                self.articles(start, min(start + BATCH, self.count))
            self.log(f"  {min(start + BATCH, self.count)} / {self.count} articles")
        self.log("  building the search index")
        build_in_parallel(search_indexing.rebuild_all)
        self.log("  building the read model of the article pages")
        build_in_parallel(facts.rebuild_all)
        highlights.rebuild()
        page_marks.rebuild()
        if connection.vendor == "postgresql":
            # VACUUM also marks pages all-visible, so index-only scans work as they would on a
            # long-lived database; it cannot run inside a transaction (as in the tests).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    def clear(self):
        """Empty the tables quickly, without the per-row signals that keep the search index."""
        models = (
            ArticleSearchDocument,
            ArticleFacts,
            ArticleTopic,
            ArticleExpert,
            MediaLink,
            FormerSlug,
            Article.departments.through,
            Article.conferences.through,
            Article,
            Topic,
            Expert,
            Conference,
            Department,
            Source,
        )
        if connection.vendor == "postgresql":
            tables = ", ".join(model._meta.db_table for model in models)
            with connection.cursor() as cursor:
                # Rows inserted earlier in the same transaction (in tests) must be checked first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            for model in models:
                model.objects.all()._raw_delete(model.objects.db)

    def facets(self):
        rand = self.random
        self.sources = Source.objects.bulk_create(
            Source(name=f"Bench University Hospital {n}") for n in range(SOURCES)
        )
        self.departments = Department.objects.bulk_create(
            Department(name=name, slug=f"department-{n}")
            for n, name in enumerate(DEPARTMENT_NAMES[:DEPARTMENTS])
        )
        self.experts = Expert.objects.bulk_create(
            Expert(
                honorific=rand.choice(["Prof.", "Dr.", ""]),
                family_name=f"{rand.choice(FAMILY)}{'' if n < 100 else n}",
                given_name=rand.choice(GIVEN),
                slug=f"expert-{n}",
                position="Consultant",
                department=rand.choice(self.departments),
            )
            for n in range(EXPERTS)
        )
        self.conferences = Conference.objects.bulk_create(
            self.conference(n) for n in range(CONFERENCES)
        )
        self.tags = Topic.objects.bulk_create(
            Topic(name=name, slug=f"topic-{n}") for n, name in enumerate(self.topic_names())
        )
        # As in a real newsroom, a few topics are used often and most rarely (Zipf).
        self.tag_weights = zipf_weights(TAGS)

    def topic_names(self):
        """Every medical word as a topic, then two-word topics, all different."""
        names = list(WORDS)
        while len(names) < TAGS:
            name = " ".join(self.random.sample(WORDS, 2))
            if name not in names:
                names.append(name)
        self.random.shuffle(names)
        return names[:TAGS]

    def topics(self):
        count = self.random.randint(3, 5)
        drawn = self.random.choices(self.tags, cum_weights=self.tag_weights, k=count * 3)
        return list(dict.fromkeys(drawn))[:count]

    def conference(self, n):
        start = date(2005, 1, 1) + timedelta(days=self.random.randrange(7300))
        city, country = self.random.choice(CITIES)
        return Conference(
            name=f"Congress of {self.random.choice(WORDS).title()} Medicine",
            edition=f"{n % 40 + 1}th",
            city=city,
            country=country,
            start_date=start,
            end_date=start + timedelta(days=2),
            slug=f"conference-{n}",
        )

    def articles(self, start, stop):
        rand = self.random
        rows = [self.article(n) for n in range(start, stop)]
        Article.objects.bulk_create(rows)
        ArticleExpert.objects.bulk_create(
            ArticleExpert(article=article, expert=expert, order=order)
            for article in rows
            for order, expert in enumerate(rand.sample(self.experts, rand.randint(1, 3)))
        )
        ArticleTopic.objects.bulk_create(
            ArticleTopic(content_object=article, tag=tag)
            for article in rows
            for tag in self.topics()
        )
        departments = Article.departments.through
        departments.objects.bulk_create(
            departments(article_id=article.pk, department_id=department.pk)
            for article in rows
            for department in rand.sample(self.departments, rand.randint(1, 2))
        )
        conferences = Article.conferences.through
        conferences.objects.bulk_create(
            conferences(article_id=article.pk, conference_id=rand.choice(self.conferences).pk)
            for article in rows
            if rand.random() < 0.1
        )

    def article(self, n):
        rand = self.random
        title_words = rand.sample(WORDS, 3) + self.words(4)
        published_at = self.now - timedelta(minutes=rand.randrange(20 * 365 * 24 * 60))
        status = Article.Status.PUBLISHED
        if rand.random() < NON_PUBLIC_SHARE:
            status = rand.choice(NON_PUBLIC)
            if status == "scheduled":
                status = Article.Status.PUBLISHED
                published_at = self.now + timedelta(days=rand.randint(1, 60))
        return Article(
            title=" ".join(title_words).capitalize(),
            slug=f"{'-'.join(title_words[:4])}-{n}",
            summary=self.sentence(30),
            body="".join(f"<p>{self.sentence(BODY_WORDS // 6)}</p>" for _ in range(6)),
            status=status,
            published_at=published_at,
            first_published_at=published_at if status == Article.Status.PUBLISHED else None,
            source=rand.choice(self.sources),
        )

    def words(self, count):
        return self.random.choices(self.vocabulary, cum_weights=self.weights, k=count)

    def sentence(self, length):
        return " ".join(self.words(length)).capitalize() + "."
