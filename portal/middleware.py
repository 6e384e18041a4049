"""Project middleware."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user (Django 5.1's middleware; public views are marked ``login_not_required``),
    except the admin's, which guards itself and sends a visitor to its own login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == "admin":
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
