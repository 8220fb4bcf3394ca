# The Newsroom web application: gunicorn serving Django, static files served by whitenoise.
# Configuration comes from the environment at run time (see .env.example and docs/deployment.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/uploads

WORKDIR /app

RUN groupadd --system --gid 10001 newsroom \
    && useradd --system --uid 10001 --gid newsroom --home-dir /app --no-create-home newsroom

# The pinned dependencies get a layer of their own, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# Editable, so settings find templates/ and static/ beside the code however Python imports it.
RUN pip install --no-deps -e .

# Settings refuse to load with DEBUG off unless these are set; they are build-only placeholders,
# used by this one command and not kept in the image.
RUN DEBUG=false \
    SECRET_KEY=collectstatic-build-only \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic-build-only.sqlite3 \
    python manage.py collectstatic --noinput

# Code and static files stay owned by root; the application may write only its uploads. A named
# volume mounted here starts with this directory's ownership.
RUN mkdir -p "$MEDIA_ROOT" && chown newsroom:newsroom "$MEDIA_ROOT"

USER newsroom

EXPOSE 8000

CMD ["gunicorn", "newsroom.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
