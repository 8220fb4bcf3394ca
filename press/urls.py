from django.urls import path, re_path

from . import downloads, feeds, views

app_name = "press"

urlpatterns = [
    path("press/", views.home, name="home"),
    path("press/register/", views.apply, name="register"),
    path("press/register/check-your-inbox/", views.check_your_inbox, name="check-your-inbox"),
    path("press/verify/<str:token>/", views.verify, name="verify"),
    path("press/login/", views.sign_in, name="login"),
    path("press/logout/", views.sign_out, name="logout"),
    path("press/stories/<int:pk>/", views.story, name="story"),
    path("press/stories/<int:pk>/image/", downloads.image, name="story-image"),
    re_path(
        r"^press/stories/(?P<pk>[0-9]+)/story\.(?P<format>txt|html)$",
        downloads.copy,
        name="story-copy",
    ),
    re_path(
        r"^press/feeds/(?P<key>[\w-]+)\.(?P<format>rss|atom)$", feeds.private_feed, name="feed"
    ),
    path("press/my-access-log/", views.my_access_log, name="access-log"),
]
