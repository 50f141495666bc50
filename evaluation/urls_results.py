from django.urls import path

from evaluation import views_results as views

# Dashboards, committee reports, quote moderation, testimonials and certificates (the results half of evaluation).
urlpatterns = [
    path("results/programmes/<int:programme_id>/", views.programme_results, name="programme_results"),
    path("results/cohorts/<int:cohort_id>/", views.dashboard, name="dashboard"),
    path("results/cohorts/<int:cohort_id>/report/", views.report, name="report"),
    path("results/cohorts/<int:cohort_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("results/cohorts/<int:cohort_id>/report.csv", views.report_csv, name="report_csv"),
    path("results/cohorts/<int:cohort_id>/quotes/", views.quotes, name="quotes"),
    path("results/cohorts/<int:cohort_id>/comments/<uuid:answer_id>/quote/", views.quote_decide, name="quote_decide"),
    path("results/cohorts/<int:cohort_id>/certificates/", views.certificates, name="certificates"),
    path("results/cohorts/<int:cohort_id>/testimonials/", views.testimonials, name="testimonials"),
    path(
        "results/cohorts/<int:cohort_id>/testimonials/<int:testimonial_id>/decide/",
        views.testimonial_decide,
        name="testimonial_decide",
    ),
    path("applications/<int:participant_id>/testimonial/", views.testimonial, name="testimonial"),
    path(
        "applications/<int:participant_id>/testimonial/withdraw/",
        views.testimonial_withdraw,
        name="testimonial_withdraw",
    ),
    path("certificates/<int:certificate_id>/", views.certificate, name="certificate"),
    path("certificates/<int:certificate_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
