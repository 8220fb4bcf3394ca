"""Background work shared by the apps: tasks that retry with backoff (Django's task API)."""
