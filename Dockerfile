# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    PORTAL_VAR_DIR=/var/lib/portal

# WeasyPrint's libraries (Pango, HarfBuzz), Chinese fonts for the PDF reports, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libffi8 \
        fonts-noto-cjk fontconfig gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal && mkdir -p /var/lib/portal && chown portal /var/lib/portal
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY --chown=portal . .
# Static files and translations are built into the image; the build needs a throwaway production-shaped environment.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz \
        DJANGO_ALLOWED_HOSTS=build.invalid \
        sh -c 'python manage.py compilemessages --verbosity 0 && python manage.py collectstatic --noinput --verbosity 0' \
    && chown -R portal /var/lib/portal

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
