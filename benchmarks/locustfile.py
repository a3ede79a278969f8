"""Simulated visitors for benchmarks/load.py (Locust): read, browse, search, call the API.

The URLs come from the JSON file named by LOAD_URLS, which load.py writes from the
site before the run. Each visitor waits 0.1-0.4 s between requests: 50 of them then ask
for about 100 pages a second when the site answers fast (with 0.5-2 s, as a first
version had, the pauses alone capped 50 visitors at about 38 requests/s).
"""

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOAD_URLS"], encoding="utf-8") as urls_file:
    URLS = json.load(urls_file)


class Visitor(HttpUser):
    wait_time = between(0.1, 0.4)

    def visit(self, group):
        # Named by group: the summary reads per kind of page, not per URL.
        self.client.get(random.choice(URLS[group]), name=group)

    @task(2)
    def home(self):
        self.visit("home")

    @task(3)
    def listing(self):
        self.visit("listings")

    @task(6)
    def sheet(self):
        self.visit("sheets")

    @task(1)
    def search_page(self):
        self.visit("search")

    @task(2)
    def api_search(self):
        self.visit("api")

    @task(1)
    def api_suggest(self):
        self.visit("suggest")
