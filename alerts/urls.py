from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.SubscribeView.as_view(), name="subscribe"),
    path("alerts/check-your-inbox/", views.CheckInboxView.as_view(), name="check-inbox"),
    path("alerts/new-link/", views.FreshLinkView.as_view(), name="fresh-link"),
    path("alerts/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("alerts/preferences/<str:token>/", views.PreferencesView.as_view(), name="preferences"),
    path("alerts/preferences/<str:token>/delete/", views.ForgetView.as_view(), name="forget"),
    path("alerts/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
