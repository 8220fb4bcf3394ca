"""Newsroom settings, read from the environment (see .env.example and docs/deployment.md).

DEBUG is off unless asked for. With DEBUG off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must be
set, so a production server never starts on development defaults.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


class NewsroomEnv(environ.Env):
    # EMAIL_URL also takes console:// (and locmem:// for tests) besides django-environ's names.
    EMAIL_SCHEMES = {
        **environ.Env.EMAIL_SCHEMES,
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
    }


env = NewsroomEnv()

DEBUG = env.bool("DEBUG", default=False)


def required_unless_debug(name, development_default, read=env.str):
    """Read a setting that production must set explicitly."""
    if env.str(name, default="").strip():
        return read(name)
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} is not set. It is required when DEBUG is off: set {name} in the environment "
        f"(see .env.example), or set DEBUG=true for local development."
    )


SECRET_KEY = required_unless_debug("SECRET_KEY", "development-only-insecure-secret-key")
ALLOWED_HOSTS = required_unless_debug(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], read=env.list
)
DATABASES = {
    "default": required_unless_debug(
        "DATABASE_URL",
        {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"},
        read=env.db_url,
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # Django's admin, with the editorial desk as its home page.
    "desk.admin_config.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "reversion",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "background",
    "newsroom",
    "media",
    "articles",
    "search",
    "alerts",
    "websub",
    "desk",
    "press",
]
# Demo content and the demo editor's login (`manage.py seed_demo`, `create_demo_editor`): never
# installed in production, where DEBUG and DEMO are off.
DEMO = env.bool("DEMO", default=DEBUG)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsroom.security.AdminNoIndexMiddleware",
    # Before the CSRF check: a POST to a public page is told 405, not 403.
    "newsroom.security.PublicMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a login while its username and address are locked out, before checking a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Redis (django-redis) when REDIS_URL is set, shared by every app server; else process memory.
REDIS_URL = env.str("REDIS_URL", default="").strip()
# A cache outage slows pages down; it must not take them down, nor hold them: commands time
# out quickly, and after a failure each process skips Redis for a while (newsroom/cache.py).
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=0.25)
CACHES = {
    "default": {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
            "PAUSE_SECONDS": env.float("CACHE_PAUSE_SECONDS", default=30),
        },
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
# Anonymous public pages and feeds are kept this long, never past the next scheduled publication
# (newsroom/middleware.py); 0 turns the page cache off.
NEWSROOM_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "uploads")


def media_storage():
    """Local MEDIA_ROOT by default; S3-compatible object storage when a bucket is configured."""
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded images (media/): refused above these caps, with a message saying why.
NEWSROOM_IMAGE_MAX_BYTES = env.int("NEWSROOM_IMAGE_MAX_MB", default=15) * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = env.int("NEWSROOM_IMAGE_MAX_MEGAPIXELS", default=50) * 1_000_000
FILE_UPLOAD_PERMISSIONS = 0o644

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
# Where a sign-in goes when its `next` address is missing or refused (another site's, say).
LOGIN_REDIRECT_URL = "admin:index"

# The site's public identity, used in page metadata and feeds.
NEWSROOM_NAME = env.str("NEWSROOM_NAME", default="Riverside University Hospital Newsroom")
NEWSROOM_DESCRIPTION = env.str(
    "NEWSROOM_DESCRIPTION",
    default="News, research and expert voices from Riverside University Hospital.",
)

# Who answers media enquiries when neither a story nor its department names a press contact.
NEWSROOM_PRESS_CONTACT = {
    "name": env.str("PRESS_CONTACT_NAME", default="Press office"),
    "role": env.str("PRESS_CONTACT_ROLE", default="Communications office"),
    "email": env.str("PRESS_CONTACT_EMAIL", default=""),
    "phone": env.str("PRESS_CONTACT_PHONE", default=""),
}

# Where the site is, for links in what leaves a request: alert emails, hub notifications.
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://{ALLOWED_HOSTS[0]}:8000"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

# Background work (docs/alerts.md): Django's task API, kept in the database and run by
# `manage.py db_worker`. TASKS_BACKEND=immediate runs each task in the process that enqueues it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env.str("TASKS_BACKEND", default="database") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

# Mail, from EMAIL_URL: smtp://user:password@host:587 (add ?ssl or use smtp+tls://), console://.
vars().update(env.email_url("EMAIL_URL", default="console://" if DEBUG else "smtp://localhost:25"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL",
    default=f"{NEWSROOM_NAME} <newsroom@{SITE_URL.split('://')[1].split(':')[0]}>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Email alerts: the daily digest goes out at this hour of TIME_ZONE; sign-ups from one address
# of the Internet are capped per hour.
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)
ALERTS_SIGNUPS_PER_HOUR = env.int("ALERTS_SIGNUPS_PER_HOUR", default=10)

# The press room's access log (who read or downloaded which embargoed story) is kept this long.
PRESS_ACCESS_LOG_DAYS = env.int("PRESS_ACCESS_LOG_DAYS", default=730)

# WebSub hubs told of every change to a feed; empty: none, and feeds name no hub.
WEBSUB_HUBS = [hub for hub in env.list("WEBSUB_HUBS", default=[]) if hub.strip()]

# Production hardening; every value can be relaxed through the environment for a special setup.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=10) * 3600  # a working day, then log in again
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): no inline script anywhere; a page that ever needs one
# gets it with the request's nonce. Images may also come from the object storage's domain.
MEDIA_ORIGIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="").strip()
TIPTAP_STYLESHEET = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The admin's text editor (Tiptap, in django-prose-editor) adds its base stylesheet as a
        # <style> element: that exact stylesheet is allowed by its hash, nothing else inline.
        "style-src": [SELF, TIPTAP_STYLESHEET],
        "img-src": [SELF, "data:", *([f"https://{MEDIA_ORIGIN}"] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({} if DEBUG else {"upgrade-insecure-requests": True}),
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Admin login lockout (django-axes): after ADMIN_LOGIN_ATTEMPTS failures for one username from one
# address, that pair is refused for ADMIN_LOCKOUT_MINUTES, with a page that says so.
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
