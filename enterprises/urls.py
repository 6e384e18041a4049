from enterprises import urls_outputs, urls_records

app_name = "enterprises"
urlpatterns = urls_records.urlpatterns + urls_outputs.urlpatterns
