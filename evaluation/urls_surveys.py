from django.urls import path

from evaluation import views_surveys as views

# Leads build surveys per cohort; an invited participant answers through their own invitation.
urlpatterns = [
    path("cohorts/<int:cohort_id>/surveys/", views.surveys, name="surveys"),
    path("surveys/<int:survey_id>/", views.survey, name="survey"),
    path("surveys/<int:survey_id>/settings/", views.survey_settings, name="survey_settings"),
    path("surveys/<int:survey_id>/delete/", views.survey_delete, name="survey_delete"),
    path("surveys/<int:survey_id>/sections/", views.section_add, name="section_add"),
    path("surveys/<int:survey_id>/questions/new/", views.question_add, name="question_add"),
    path("surveys/<int:survey_id>/open/", views.survey_open, name="survey_open"),
    path("surveys/<int:survey_id>/close/", views.survey_close, name="survey_close"),
    path("survey-questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("survey-questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("survey-questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("surveys/invitations/<int:invitation_id>/", views.invitation, name="invitation"),
    # One fixed address for every answer: the one-time token travels in the POST body, never in a URL.
    path("surveys/answer/", views.answer, name="answer"),
    path("surveys/thanks/", views.thanks, name="thanks"),
]
