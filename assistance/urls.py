from assistance import urls_groups, urls_work

app_name = "assistance"
urlpatterns = urls_groups.urlpatterns + urls_work.urlpatterns
