from assistance.api import urls_groups, urls_work

urlpatterns = urls_groups.urlpatterns + urls_work.urlpatterns
