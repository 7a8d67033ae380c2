"""Locust scenario (run by bench/load.py): a mix of the roles, each user a logged-in person
who reads their pages with 1–3 s between clicks. Roles are drawn with weights: leaders 35 %,
employees 30 %, superiors 20 %, leaders reading their lederprofil 10 %, process owners 5 %."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

WEIGHTS = {"leader": 35, "employee": 30, "superior": 20, "profile": 10, "process_owner": 5}

with open(os.environ["BENCH_PERSONAS"]) as f:
    _PERSONAS = json.load(f)
_BY_ROLE = {role: itertools.cycle([p for p in _PERSONAS if p["role"] == role]) for role in WEIGHTS}
_ROLES = [r for r in WEIGHTS if any(p["role"] == r for p in _PERSONAS)]
_RNG = random.Random(9)


class Person(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        role = _RNG.choices(_ROLES, weights=[WEIGHTS[r] for r in _ROLES])[0]
        self.persona = next(_BY_ROLE[role])
        self.client.cookies.set("sessionid", self.persona["session"])

    @task
    def read(self):
        url = _RNG.choice(self.persona["urls"])
        name = f"{self.persona['role']}: {re.sub(r'/[0-9]+/', '/<id>/', url.split('?')[0])}"
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
