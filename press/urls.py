from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("press/", views.home, name="home"),
    path("press/register/", views.apply, name="register"),
    path("press/register/check-your-inbox/", views.check_your_inbox, name="check-your-inbox"),
    path("press/verify/<str:token>/", views.verify, name="verify"),
    path("press/login/", views.sign_in, name="login"),
    path("press/logout/", views.sign_out, name="logout"),
    path("press/stories/<int:pk>/", views.story, name="story"),
]
