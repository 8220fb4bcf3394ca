"""The demo newsroom that `manage.py seed_demo` loads: plain data, keyed by name or slug.

Riverside University Hospital is the (fictional) home institution; the CAR-T story is republished
from a real partner, so its facts follow that hospital's own press release. Every other item,
person and outlet is invented; fictional web addresses use the reserved .example domain.
"""

from datetime import UTC, date, datetime, timedelta

HOME = "Riverside University Hospital"
FAHZU = "The First Affiliated Hospital, Zhejiang University School of Medicine"
NORTHBRIDGE = "Northbridge Children's Hospital"

# A `published_at` given as a timedelta is counted from the moment the article is first seeded.
SCHEDULED_IN = timedelta(days=7)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


SOURCES = [
    {"name": HOME, "url": "https://www.riverside-hospital.example/"},
    {"name": FAHZU, "url": "https://www.zy91.com/"},
    {"name": NORTHBRIDGE, "url": "https://www.northbridge-children.example/"},
]

DEPARTMENTS = [
    {
        "slug": "bone-marrow-transplantation-center",
        "name": "Bone Marrow Transplantation Center",
        "description": "Stem cell transplantation and cellular immunotherapy, including CAR T-cell "
        "treatment, for leukaemia, lymphoma and myeloma (骨髓移植中心).",
    },
    {
        "slug": "cardiology",
        "name": "Cardiology",
        "description": "Heart rhythm, heart failure and interventional cardiology, from the "
        "catheter laboratory to cardiac rehabilitation.",
    },
    {
        "slug": "neurology",
        "name": "Neurology",
        "description": "The hyperacute stroke unit and clinics for epilepsy, memory disorders and "
        "movement disorders.",
    },
    {
        "slug": "oncology",
        "name": "Oncology",
        "description": "Medical and radiation oncology, with the regional lung cancer screening "
        "programme.",
    },
    {
        "slug": "paediatrics",
        "name": "Paediatrics",
        "description": "Care for children and young people, from the neonatal unit to the "
        "adolescent ward.",
    },
    {
        "slug": "emergency-medicine",
        "name": "Emergency Medicine",
        "description": "The adult and children's emergency departments, open around the clock.",
    },
    {
        "slug": "nursing",
        "name": "Nursing",
        "description": "More than two thousand nurses and midwives, and the hospital's nursing "
        "education and research programme.",
    },
]

EXPERTS = [
    {
        "slug": "huang-he",
        "honorific": "Prof.",
        "family_name": "Huang",
        "given_name": "He",
        "name_order": "family_first",
        "position": "Professor of Hematology",
        "department": "bone-marrow-transplantation-center",
        "affiliation": FAHZU,
        "bio": "Haematologist whose team develops CAR T-cell therapies and stem cell "
        "transplantation for blood cancers.",
    },
    {
        "slug": "chen-lihua",
        "honorific": "Dr.",
        "family_name": "Chen",
        "given_name": "Lihua",
        "name_order": "family_first",
        "position": "Consultant Cardiologist, Heart Rhythm Service",
        "department": "cardiology",
        "affiliation": HOME,
        "bio": "Electrophysiologist specialising in catheter ablation for atrial fibrillation.",
        "orcid": "0000-0003-1842-6571",
    },
    {
        "slug": "margaret-doyle",
        "honorific": "Dr.",
        "family_name": "Doyle",
        "given_name": "Margaret",
        "name_order": "given_first",
        "position": "Consultant Neurologist and Stroke Lead",
        "department": "neurology",
        "affiliation": HOME,
        "bio": "Leads the hyperacute stroke unit and its quality improvement programme.",
        "orcid": "0000-0002-4417-3099",
    },
    {
        "slug": "zhou-min",
        "honorific": "Dr.",
        "family_name": "Zhou",
        "given_name": "Min",
        "name_order": "family_first",
        "position": "Stroke Physician",
        "department": "neurology",
        "affiliation": HOME,
        "bio": "Studies pre-hospital stroke care and mobile stroke units.",
    },
    {
        "slug": "samuel-okoye",
        "honorific": "Dr.",
        "family_name": "Okoye",
        "given_name": "Samuel",
        "name_order": "given_first",
        "position": "Clinical Director, Emergency Department",
        "department": "emergency-medicine",
        "affiliation": HOME,
        "bio": "Emergency physician with an interest in the care of frail older patients.",
    },
    {
        "slug": "wang-jianguo",
        "honorific": "Prof.",
        "family_name": "Wang",
        "given_name": "Jianguo",
        "name_order": "family_first",
        "position": "Professor of Thoracic Oncology",
        "department": "oncology",
        "affiliation": HOME,
        "bio": "Runs the regional lung cancer screening programme.",
        "orcid": "0000-0001-9265-0382",
    },
    {
        "slug": "priya-raman",
        "honorific": "Dr.",
        "family_name": "Raman",
        "given_name": "Priya",
        "name_order": "given_first",
        "position": "Consultant Clinical Oncologist",
        "department": "oncology",
        "affiliation": HOME,
        "bio": "Radiation oncologist treating lung and prostate cancer.",
    },
    {
        "slug": "ingrid-larsen",
        "honorific": "Dr.",
        "family_name": "Larsen",
        "given_name": "Ingrid",
        "name_order": "given_first",
        "position": "Paediatric Rheumatologist",
        "department": "paediatrics",
        "affiliation": NORTHBRIDGE,
        "bio": "Cares for children with juvenile arthritis and other inflammatory conditions.",
        "orcid": "0009-0007-2316-4859",
    },
    {
        "slug": "liu-fang",
        "honorific": "",
        "family_name": "Liu",
        "given_name": "Fang",
        "name_order": "family_first",
        "position": "Chief Nursing Officer",
        "department": "nursing",
        "affiliation": HOME,
        "bio": "Registered nurse who leads the hospital's nursing workforce and education.",
    },
]

CONFERENCES = [
    {
        "slug": "6th-european-car-t-conference-2024",
        "name": "European CAR-T Conference",
        "edition": "6th",
        "city": "Valencia",
        "country": "Spain",
        "start_date": date(2024, 2, 15),
        "end_date": date(2024, 2, 17),
        "website": "https://www.ebmt.org/events",
    },
    {
        "slug": "11th-european-stroke-organisation-conference-2025",
        "name": "European Stroke Organisation Conference",
        "edition": "11th",
        "city": "Helsinki",
        "country": "Finland",
        "start_date": date(2025, 5, 21),
        "end_date": date(2025, 5, 23),
        "website": "https://eso-stroke.org/",
    },
    {
        "slug": "esmo-congress-2025",
        "name": "ESMO Congress",
        "city": "Berlin",
        "country": "Germany",
        "start_date": date(2025, 10, 17),
        "end_date": date(2025, 10, 21),
        "website": "https://www.esmo.org/meeting-calendar",
    },
    {
        "slug": "4th-international-nursing-leadership-summit-2027",
        "name": "International Nursing Leadership Summit",
        "edition": "4th",
        "city": "Lisbon",
        "country": "Portugal",
        "start_date": date(2027, 6, 9),
        "end_date": date(2027, 6, 11),
    },
]

NEWS_OFFICE = "Riverside Communications Office"

# Each article: its own fields, then its relations by key. Experts are (slug, role) pairs and
# media links keep their listed order.
ARTICLES = [
    {
        "slug": "chinese-car-t-advances-take-centre-stage-in-valencia",
        "title": "Chinese CAR-T advances take centre stage at European conference in Valencia",
        "summary": "At the 6th European CAR-T Conference in Valencia, Prof. HUANG He of the Bone "
        "Marrow Transplantation Center at FAHZU presented new CAR T-cell approaches for blood "
        "cancers that have relapsed or stopped responding to treatment.",
        "body": """
<p>When specialists in cellular immunotherapy gathered in Valencia, Spain, in February 2024 for
the 6th European CAR-T Conference, one of the invited talks came from Hangzhou. Prof. HUANG He of
the Bone Marrow Transplantation Center at the First Affiliated Hospital, Zhejiang University School
of Medicine (FAHZU) gave his European colleagues an overview of how Chinese teams are designing
and testing CAR T-cell treatments for patients whose blood cancer has returned or no longer
responds to standard therapy.</p>
<blockquote>Keynote: “Novel CAR T-cell Therapy for R/R Hematological Malignancies”</blockquote>
<h2>From the laboratory to the ward</h2>
<p>CAR T-cell therapy re-engineers a patient's immune cells so that they can find and destroy
cancer cells. Prof. HUANG walked the audience through several lines of work pursued by his
center:</p>
<ul>
<li>CAR-T cells directed at PD-1 and produced without a viral vector;</li>
<li>cells aimed at GPRC5D, a newer target for people living with multiple myeloma;</li>
<li>CD7-directed CAR-T cells;</li>
<li>universal, “off-the-shelf” products that need not be manufactured from each patient's own
cells.</li>
</ul>
<h2>A voice in the international debate</h2>
<p>Beyond the keynote, Prof. HUANG sat on a panel of CAR-T leaders from several countries. The
panel compared clinical experience, looked at which targets and cell designs look most promising,
and discussed what it will take to bring these treatments to more patients. The invitation
reflects how closely colleagues abroad now follow cell therapy research from Chinese centers.</p>
<h2>On camera</h2>
<p>During the meeting he also recorded an interview with The Video Journal of Hematology and
Hematological Oncology about the way CAR T-cell therapy has developed in China and the new
targets and clinical uses that researchers there are exploring.</p>
<p>For FAHZU, exchanges like this one open the door to joint studies with partners abroad, and
with them, the prospect of faster progress for patients with leukaemia, lymphoma and myeloma.</p>
""",
        "status": "published",
        "published_at": utc(2024, 4, 23, 9, 0),
        "source": FAHZU,
        "is_featured": True,
        "departments": ["bone-marrow-transplantation-center"],
        "conferences": ["6th-european-car-t-conference-2024"],
        "experts": [("huang-he", "keynote")],
        "tags": ["CAR-T", "multiple myeloma", "cell therapy", "骨髓移植"],
        "media_links": [
            {
                "title": "Prof. HUANG He on the development of CAR T-cell therapy in China",
                "url": "https://www.vjhemonc.com/",
                "kind": "video_interview",
                "provider": "The Video Journal of Hematology and Hematological Oncology",
            }
        ],
    },
    {
        "slug": "same-day-discharge-after-atrial-fibrillation-ablation",
        "title": "Most atrial fibrillation patients now go home on the day of their ablation",
        "summary": "A redesigned pathway in the heart rhythm service lets four in five patients "
        "treated by catheter ablation for atrial fibrillation sleep in their own bed that night.",
        "body": """
<p>Until last year, almost everyone treated by catheter ablation for atrial fibrillation spent a
night on the cardiology ward. Since the heart rhythm service moved to a same-day pathway, about
80 per cent of patients leave the hospital a few hours after their procedure.</p>
<h2>What changed</h2>
<ul>
<li>Shorter procedures under light sedation instead of general anaesthesia.</li>
<li>A dedicated recovery bay staffed by arrhythmia nurses.</li>
<li>A follow-up phone call the next morning and a direct line to the team.</li>
</ul>
<blockquote>Patients tell us that going home the same day makes the whole treatment feel far less
daunting. — Dr. CHEN Lihua</blockquote>
<p>The freed beds have shortened the waiting list for ablation by several weeks.</p>
""",
        "status": "published",
        "published_at": utc(2024, 6, 12, 8, 30),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["cardiology"],
        "experts": [("chen-lihua", "quoted")],
        "tags": ["atrial fibrillation", "cardiology", "patient experience"],
    },
    {
        "slug": "stroke-team-cuts-door-to-needle-time",
        "title": "Stroke team cuts door-to-needle time to under 30 minutes",
        "summary": "Patients with an acute ischaemic stroke now receive clot-busting treatment a "
        "median of 27 minutes after arrival, thanks to a pre-alert from ambulance crews and a "
        "scanner held free for them.",
        "body": """
<p>Every minute without blood flow costs the brain nearly two million nerve cells. The hyperacute
stroke unit and the emergency department have rebuilt the first hour of stroke care around that
fact, and the median time from arrival to thrombolysis has fallen from 48 to 27 minutes.</p>
<h2>A relay, not a queue</h2>
<p>Ambulance crews now call ahead, so the stroke team meets the patient at the door and goes
straight to the CT scanner. Treatment starts on the scanner table when the images allow it.</p>
<blockquote>The fastest step is the one you no longer need. — Dr. Margaret Doyle</blockquote>
""",
        "status": "published",
        "published_at": utc(2024, 9, 18, 10, 0),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "is_featured": True,
        "departments": ["neurology", "emergency-medicine"],
        "experts": [("margaret-doyle", "quoted"), ("zhou-min", "quoted")],
        "tags": ["stroke", "emergency care", "quality improvement"],
        "media_links": [
            {
                "title": "Racing the clock: inside Riverside's stroke unit",
                "url": "https://www.riverside-tv.example/news/stroke-unit-door-to-needle",
                "kind": "tv",
                "provider": "Riverside Regional TV",
            }
        ],
    },
    {
        "slug": "emergency-department-opens-unit-for-older-patients",
        "title": "Emergency department opens a unit designed for older patients",
        "summary": "A quieter, better-lit area with geriatric nurses and therapists aims to help "
        "frail older people avoid unnecessary admissions.",
        "body": """
<p>People over 80 are the fastest-growing group of emergency patients. The new eight-bay unit
gives them proper beds instead of trolleys, clocks and calendars to reduce confusion, and an
assessment by a therapist before anyone decides whether they need to stay.</p>
<ul>
<li>Open from 8 am to 10 pm, seven days a week.</li>
<li>Staffed by emergency physicians, geriatric nurses and physiotherapists.</li>
</ul>
<p>In its pilot month, more than half of the patients seen in the unit went home the same day
with support in place.</p>
""",
        "status": "published",
        "published_at": utc(2024, 11, 26, 9, 0),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["emergency-medicine", "nursing"],
        "experts": [("samuel-okoye", "interviewed")],
        "tags": ["emergency care", "older people"],
        "media_links": [
            {
                "title": "Morning show: a calmer emergency department for older patients",
                "url": "https://www.riverside-radio.example/morning/older-patients-unit",
                "kind": "radio",
                "provider": "Riverside Community Radio",
            }
        ],
    },
    {
        "slug": "joint-clinic-brings-paediatric-rheumatology-closer-to-home",
        "title": "Joint clinic brings children's rheumatology care closer to home",
        "summary": "Specialists from Northbridge Children's Hospital now see young patients with "
        "juvenile arthritis at Riverside every month, saving families a long journey.",
        "body": """
<p>Children with juvenile idiopathic arthritis need regular check-ups with a specialist team.
For families in the Riverside area, that used to mean a round trip of more than three hours.</p>
<p>A monthly clinic run jointly by Northbridge Children's Hospital and the Riverside paediatric
team now brings the rheumatologist, a specialist nurse and a physiotherapist to Riverside.</p>
<blockquote>Children should miss as little school as possible because of their illness, and as
little because of their appointments. — Dr. Ingrid Larsen</blockquote>
""",
        "status": "published",
        "published_at": utc(2025, 2, 10, 11, 0),
        "source": NORTHBRIDGE,
        "original_url": "https://www.northbridge-children.example/news/riverside-joint-clinic",
        "departments": ["paediatrics"],
        "experts": [("ingrid-larsen", "quoted")],
        "tags": ["paediatrics", "juvenile arthritis", "partnership"],
    },
    {
        "slug": "visiting-hours-extended-on-surgical-wards",
        "title": "Visiting hours extended on surgical wards",
        "summary": "Relatives may visit patients on the surgical wards from 10 am to 8 pm.",
        "body": """
<p>From 3 March, the surgical wards welcome visitors from 10 am to 8 pm, with a protected
mealtime from 12 to 1 pm.</p>
<p>This item was withdrawn after a norovirus outbreak led to temporary visiting restrictions.</p>
""",
        "status": "withdrawn",
        "published_at": utc(2025, 3, 3, 8, 0),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["nursing"],
        "tags": ["visiting"],
    },
    {
        "slug": "mobile-stroke-unit-results-presented-in-helsinki",
        "title": "Mobile stroke unit results presented in Helsinki",
        "summary": "Dr. ZHOU Min presented a year of experience with the region's scanner-equipped "
        "ambulance at the 11th European Stroke Organisation Conference.",
        "body": """
<p>Since spring 2024, an ambulance carrying its own CT scanner has answered suspected stroke calls
across the Riverside region. At the European Stroke Organisation Conference in Helsinki, Dr. ZHOU
Min reported how that changed treatment times for patients living far from the hospital.</p>
<h2>Key findings</h2>
<ul>
<li>Treatment began on average 35 minutes earlier than with a standard ambulance.</li>
<li>One patient in five was diagnosed with a condition other than stroke on the spot.</li>
</ul>
<p>The team is now working with the ambulance service on a second vehicle.</p>
""",
        "status": "published",
        "published_at": utc(2025, 5, 28, 9, 30),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["neurology"],
        "conferences": ["11th-european-stroke-organisation-conference-2025"],
        "experts": [("zhou-min", "speaker"), ("margaret-doyle", "quoted")],
        "tags": ["stroke", "mobile stroke unit", "research"],
        "media_links": [
            {
                "title": "Episode 42: bringing the scanner to the patient",
                "url": "https://podcasts.stroke-medicine.example/episodes/42",
                "kind": "podcast",
                "provider": "Stroke Medicine Podcast",
            }
        ],
    },
    {
        "slug": "lung-screening-programme-results-at-esmo",
        "title": "Lung cancer screening finds most cancers at an early stage",
        "summary": "Three years into the regional screening programme, seven in ten lung cancers "
        "it detects are found at a stage where surgery or radiotherapy can cure them.",
        "body": """
<p>Prof. WANG Jianguo presented the figures at the ESMO Congress in Berlin. Of the 21,000 current
and former smokers screened with low-dose CT since 2022, 310 were diagnosed with lung cancer,
70 per cent of them at stage I or II.</p>
<h2>Why it matters</h2>
<p>Before screening, most lung cancers in the region were found only after symptoms appeared,
when cure is rarely possible.</p>
<blockquote>Screening changes the conversation from palliation to cure.
— Dr. Priya Raman</blockquote>
""",
        "status": "published",
        "published_at": utc(2025, 10, 22, 7, 45),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["oncology"],
        "conferences": ["esmo-congress-2025"],
        "experts": [("wang-jianguo", "speaker"), ("priya-raman", "quoted")],
        "tags": ["lung cancer", "screening", "research"],
        "media_links": [
            {
                "title": "Screening works: what the Riverside figures show",
                "url": "https://www.health-policy-weekly.example/2025/lung-screening-riverside",
                "kind": "press",
                "provider": "Health Policy Weekly",
            }
        ],
    },
    {
        "slug": "new-linear-accelerator-shortens-radiotherapy",
        "title": "New linear accelerator shortens radiotherapy for many patients",
        "summary": "Image-guided treatment on the new machine allows some patients with prostate "
        "or lung cancer to complete radiotherapy in five sessions instead of twenty.",
        "body": """
<p>The oncology department has commissioned its third linear accelerator. It images the tumour
before each session, so the beam can be shaped more tightly and higher doses given safely in
fewer visits.</p>
<p>For patients who travel from across the region, fewer sessions mean far fewer journeys.</p>
""",
        "status": "published",
        "published_at": utc(2026, 2, 17, 9, 0),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["oncology"],
        "experts": [("priya-raman", "interviewed")],
        "tags": ["radiotherapy", "lung cancer", "prostate cancer"],
        "media_links": [
            {
                "title": "Evening news: five visits instead of twenty",
                "url": "https://www.riverside-tv.example/news/new-linear-accelerator",
                "kind": "tv",
                "provider": "Riverside Regional TV",
            }
        ],
    },
    {
        "slug": "chief-nurse-to-speak-at-nursing-leadership-summit",
        "title": "Chief nurse invited to speak at international nursing leadership summit",
        "summary": "LIU Fang will present Riverside's nurse-led discharge programme at the 4th "
        "International Nursing Leadership Summit in Lisbon in June 2027.",
        "body": """
<p>The summit brings together chief nurses from more than 40 countries. LIU Fang will describe
how ward nurses at Riverside now lead discharge planning from the day of admission, and what
that has meant for length of stay and readmissions.</p>
""",
        "status": "published",
        "published_at": utc(2026, 9, 8, 10, 0),
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["nursing"],
        "conferences": ["4th-international-nursing-leadership-summit-2027"],
        "experts": [("liu-fang", "speaker")],
        "tags": ["nursing", "discharge planning"],
    },
    {
        "slug": "play-specialists-help-children-prepare-for-surgery",
        "title": "Play specialists help children prepare for surgery",
        "summary": "Two hospital play specialists now join the children's surgical day unit, "
        "using games and medical dolls to ease fear before operations.",
        "body": """
<p>Being put to sleep for an operation is frightening at any age. From this month, play
specialists meet every child booked on the surgical day unit, explain what will happen with
dolls and real equipment, and stay with them in the anaesthetic room.</p>
""",
        "status": "published",
        "published_at": SCHEDULED_IN,
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["paediatrics", "nursing"],
        "tags": ["paediatrics", "patient experience"],
    },
    {
        "slug": "cardiac-rehabilitation-goes-online",
        "title": "Cardiac rehabilitation goes online",
        "summary": "Patients recovering from a heart attack can now follow the rehabilitation "
        "programme from home.",
        "body": "<p>Draft: add figures from the pilot and a patient story.</p>",
        "status": "draft",
        "source": HOME,
        "departments": ["cardiology"],
        "experts": [("chen-lihua", "quoted")],
        "tags": ["cardiology"],
    },
    {
        "slug": "staff-flu-vaccination-clinics",
        "title": "Staff flu vaccination clinics",
        "status": "draft",
        "departments": ["nursing"],
    },
    {
        "slug": "memory-clinic-for-younger-adults",
        "title": "New memory clinic for adults under 65",
        "summary": "A dedicated clinic assesses younger adults with memory problems, who often "
        "wait years for a diagnosis.",
        "body": """
<p>Dementia is usually thought of as a disease of old age, yet thousands of people develop it
before 65. The neurology department's new clinic offers them a full assessment within six
weeks of referral, with support for families and employers.</p>
""",
        "status": "in_review",
        "source": HOME,
        "byline": NEWS_OFFICE,
        "departments": ["neurology"],
        "tags": ["dementia", "memory"],
    },
]

# Articles that carry a drawn illustration (demo/images.py), by motif.
ILLUSTRATIONS = {
    "chinese-car-t-advances-take-centre-stage-in-valencia": "cells",
    "same-day-discharge-after-atrial-fibrillation-ablation": "heart",
    "stroke-team-cuts-door-to-needle-time": "people",
    "emergency-department-opens-unit-for-older-patients": "building",
    "joint-clinic-brings-paediatric-rheumatology-closer-to-home": "children",
    "lung-screening-programme-results-at-esmo": "lab",
    "chief-nurse-to-speak-at-nursing-leadership-summit": "people",
    "play-specialists-help-children-prepare-for-surgery": "children",
    "memory-clinic-for-younger-adults": "people",
}
ILLUSTRATION_CREDIT = "Riverside Communications Office (illustration)"
