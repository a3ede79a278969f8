"""Gunicorn settings, read from the working directory when gunicorn starts.

The number of workers comes from WEB_CONCURRENCY (gunicorn reads it itself) or
--workers; deploy/README.md says how many.
"""

# Gunicorn trusts X-Forwarded-Proto and friends from 127.0.0.1 by default, which would let
# anything on the host choose the scheme. Django decides with TRUST_X_FORWARDED_PROTO and
# TRUSTED_PROXY_COUNT instead, so gunicorn trusts no front end. gunicorn's
# --forwarded-allow-ips option still overrides this for a deployment that wants it.
forwarded_allow_ips = ""

# A request still running after this many seconds has its worker killed and restarted.
# SQLite's busy timeout (20 s, settings/base.py) and OpenSearch's client timeout stay
# under it, so their errors reach the visitor as an answer, not as a dropped connection.
timeout = 30
# On a restart or a deploy, requests in flight get this long to finish.
graceful_timeout = 30
# The reverse proxy keeps its connections to gunicorn open between requests.
keepalive = 5
# Each worker is replaced after about this many requests, which bounds a slow leak;
# the jitter keeps the workers from all restarting at once.
max_requests = 2000
max_requests_jitter = 200
