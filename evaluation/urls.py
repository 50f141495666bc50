from evaluation.urls_results import urlpatterns as results
from evaluation.urls_surveys import urlpatterns as surveys

app_name = "evaluation"

# Surveys and answering (urls_surveys.py); dashboards, reports and certificates (urls_results.py).
urlpatterns = surveys + results
