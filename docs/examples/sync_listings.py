#!/usr/bin/env python3
"""Sync a partner's listings into Cyclotroc from a CSV file. Standard library only (Python 3.10+).

    export CYCLOTROC_API_URL=https://troc.example.org CYCLOTROC_API_KEY=AbCd1234.…
    python3 sync_listings.py listings.csv            # create and update
    python3 sync_listings.py listings.csv --delete   # and delete the rows that disappeared

The CSV (UTF-8, comma or semicolon separated) has one row per listing:

    ref       your own identifier of the row (kept in a state file next to the CSV)
    siret     the business's SIRET (or SIREN), a business of your network
    kind      offer | want
    nature    good | service | asset
    title, description
    category  a category slug (GET /api/v1/categories/)
    value     price of one unit (offer) or budget (want) in credits, e.g. 1200 or 1200,50
    quantity  optional, default 1
    unit      optional: hour, half_day, day, month, piece, lot, m2, kg, service (default)
    publish   optional: yes to publish (the business must be approved), otherwise a draft

The state file (<csv>.cyclotroc.json) maps each ref to the listing's id, so that the next run
updates the same listing instead of creating another one. Rate limits (429) are waited out and
transient failures retried. Exit status 1 when a row failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation
from pathlib import Path

FIELDS = ("kind", "nature", "title", "description", "category", "value", "quantity", "unit")


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        self.status = status
        self.body = body
        fields = "; ".join(
            f"{name}: {error['message']}"
            for name, errors in body.get("fields", {}).items()
            for error in errors
        )
        super().__init__(f"{status} {body.get('code')}: {fields or body.get('message')}")


class Client:
    """A minimal API client: JSON in and out, the key in the Authorization header."""

    def __init__(self, base_url: str, key: str):
        if not base_url.startswith(("https://", "http://")):
            raise SystemExit(f"the API URL must start with https:// (got {base_url!r})")
        self.base_url = base_url.rstrip("/") + "/api/v1/"
        self.key = key

    def request(self, method: str, path: str, body=None, *, attempts: int = 5):
        url = path if path.startswith("http") else self.base_url + path.lstrip("/")
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(1, attempts + 1):
            request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
            request.add_header("Authorization", f"Bearer {self.key}")
            request.add_header("Accept", "application/json")
            if data is not None:
                request.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    payload = response.read()
                    return json.loads(payload) if payload else None
            except urllib.error.HTTPError as error:
                payload = error.read()
                retry = error.code == 429 or error.code >= 500
                if not retry or attempt == attempts:
                    raise ApiError(error.code, json.loads(payload or b"{}")) from None
                time.sleep(float(error.headers.get("Retry-After") or 2**attempt))
            except urllib.error.URLError:
                if attempt == attempts:
                    raise
                time.sleep(2**attempt)
        raise AssertionError("unreachable")

    def all(self, path: str, **params):
        """Every result of a paginated list, following `next`."""
        url = path + ("?" + urllib.parse.urlencode(params) if params else "")
        while url:
            page = self.request("GET", url)
            if isinstance(page, list):
                yield from page
                return
            yield from page["results"]
            url = page["next"]


def cents(text: str) -> int:
    """'1 200,50' credits → 120050 cents."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None


def read_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return list(csv.DictReader(text.splitlines(), dialect=dialect))


def sync(client: Client, rows: list[dict], state: dict, *, delete: bool, dry_run: bool) -> dict:
    categories = {c["slug"]: c["id"] for c in client.all("categories/")}
    businesses: dict[str, int] = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0}
    seen = set()
    for number, row in enumerate(rows, start=2):  # line numbers as a spreadsheet shows them
        ref = (row.get("ref") or "").strip()
        try:
            if not ref:
                raise ValueError("the ref column is empty")
            seen.add(ref)
            siret = "".join(row["siret"].split())
            if siret not in businesses:
                found = list(client.all("businesses/", siret=siret))
                if not found:
                    raise ValueError(f"no business {siret} in your network")
                businesses[siret] = found[0]["id"]
            wanted = {
                "kind": row["kind"].strip(),
                "nature": row["nature"].strip(),
                "title": row["title"].strip(),
                "description": (row.get("description") or "").strip(),
                "category": categories[row["category"].strip()],
                "value": cents(row["value"]),
                "quantity": int(row.get("quantity") or 1),
                "unit": (row.get("unit") or "service").strip(),
            }
            publish = (row.get("publish") or "").strip().lower() in ("yes", "oui", "true", "1")
            listing = _existing(client, state.get(ref))
            if listing is None:
                if not dry_run:
                    created = client.request(
                        "POST",
                        "listings/",
                        {"business": businesses[siret], **wanted, "publish": publish},
                    )
                    state[ref] = created["id"]
                counts["created"] += 1
                continue
            changes = {k: v for k, v in wanted.items() if listing[k] != v}
            if changes and not dry_run:
                client.request("PATCH", f"listings/{listing['id']}/", changes)
            if publish and listing["status"] in ("draft", "paused") and not dry_run:
                client.request("POST", f"listings/{listing['id']}/publish/")
                changes["status"] = "active"
            counts["updated" if changes else "unchanged"] += 1
        except (ApiError, KeyError, ValueError) as error:
            counts["failed"] += 1
            print(f"line {number} ({ref or '?'}): {error}", file=sys.stderr)
    if delete:
        for ref in sorted(set(state) - seen):
            if not dry_run:
                try:
                    client.request("DELETE", f"listings/{state[ref]}/")
                except ApiError as error:
                    if error.status != 404:
                        counts["failed"] += 1
                        print(f"{ref}: {error}", file=sys.stderr)
                        continue
                del state[ref]
            counts["deleted"] += 1
    return counts


def _existing(client: Client, listing_id):
    if listing_id is None:
        return None
    try:
        return client.request("GET", f"listings/{listing_id}/")
    except ApiError as error:
        if error.status == 404:
            return None
        raise


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument(
        "--url", default=os.environ.get("CYCLOTROC_API_URL", "http://127.0.0.1:8000")
    )
    parser.add_argument("--key", default=os.environ.get("CYCLOTROC_API_KEY"))
    parser.add_argument("--state", type=Path, help="default: <csv>.cyclotroc.json")
    parser.add_argument("--delete", action="store_true", help="delete listings whose row is gone")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    args = parser.parse_args(argv)
    if not args.key:
        parser.error("give the key with --key or CYCLOTROC_API_KEY")
    state_path = args.state or args.csv.with_suffix(args.csv.suffix + ".cyclotroc.json")
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    counts = sync(
        Client(args.url, args.key),
        read_rows(args.csv),
        state,
        delete=args.delete,
        dry_run=args.dry_run,
    )
    if not args.dry_run:
        state_path.write_text(json.dumps(state, indent=2, sort_keys=True))
    print(", ".join(f"{count} {name}" for name, count in counts.items()))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
