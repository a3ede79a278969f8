"""Gunicorn settings, read from the working directory when gunicorn starts."""

# Gunicorn trusts X-Forwarded-Proto and friends from 127.0.0.1 by default, which would let
# anything on the host choose the scheme. Django decides with TRUST_X_FORWARDED_PROTO and
# TRUSTED_PROXY_COUNT instead, so gunicorn trusts no front end. gunicorn's
# --forwarded-allow-ips option still overrides this for a deployment that wants it.
forwarded_allow_ips = ""
