"""Access-matrix rows for the results URLs (merged by remento/tests/test_access_matrix.py).

Steering members and leads read dashboards and reports of their own programme; only leads moderate quotes and
testimonials and issue certificates; a participant offers their own testimonial; a certificate opens for the person
it was issued to (and the leads who print it).
"""

from django.utils import timezone

from evaluation.models import Answer, Certificate, Testimonial
from evaluation.tests.results_factories import answer, make_survey

READERS = {"lead": 200, "co_lead": 200, "steering": 200}
LEADS = {"lead": 200, "co_lead": 200}
POST_ONLY = dict.fromkeys(
    [
        "anonymous", "org_admin", "other_org_admin", "lead", "co_lead", "other_programme_lead", "steering", "mentor",
        "mentee", "other_pair", "other_cohort_participant", "other_programme_participant", "site_admin",
    ],
    405,
)  # fmt: skip

MATRIX = {
    "evaluation:programme_results": (lambda w, f: [w.programme.pk], READERS),
    "evaluation:dashboard": (lambda w, f: [w.cohort.pk], READERS),
    "evaluation:report": (lambda w, f: [w.cohort.pk], READERS),
    "evaluation:report_pdf": (lambda w, f: [w.cohort.pk], READERS),
    "evaluation:report_csv": (lambda w, f: [w.cohort.pk], READERS),
    "evaluation:quotes": (lambda w, f: [w.cohort.pk], LEADS),
    "evaluation:quote_decide": (lambda w, f: [w.cohort.pk, f["results_answer"].pk], POST_ONLY),
    "evaluation:certificates": (lambda w, f: [w.cohort.pk], LEADS),
    "evaluation:testimonials": (lambda w, f: [w.cohort.pk], LEADS),
    "evaluation:testimonial_decide": (lambda w, f: [w.cohort.pk, f["results_testimonial"].pk], POST_ONLY),
    # A participant's own testimonial page: nobody else's, whatever their role.
    "evaluation:testimonial": (lambda w, f: [w.objects["mentor"].pk], {"mentor": 200}),
    "evaluation:testimonial_withdraw": (lambda w, f: [w.objects["mentor"].pk], POST_ONLY),
    "evaluation:certificate": (lambda w, f: [f["results_certificate"].pk], {"mentor": 200, **LEADS}),
    "evaluation:certificate_pdf": (lambda w, f: [f["results_certificate"].pk], {"mentor": 200, **LEADS}),
}


def fixtures(world) -> dict:
    survey = make_survey(world.cohort, title="Results matrix survey")
    answer(survey, "mentor", benefits="A new view of the organisation")
    certificate = Certificate.objects.create(participant=world.objects["mentor"], issued_on="2026-10-01")
    testimonial = Testimonial.objects.create(
        participant=world.objects["mentee"], text="Words", shown_name="A Name", job_title="A title",
        consent_at=timezone.now(),
    )  # fmt: skip
    return {
        "results_answer": Answer.objects.filter(question__survey=survey, question__kind="text").get(),
        "results_certificate": certificate,
        "results_testimonial": testimonial,
    }
