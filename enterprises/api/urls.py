from enterprises.api import urls_outputs, urls_records

urlpatterns = urls_records.urlpatterns + urls_outputs.urlpatterns
