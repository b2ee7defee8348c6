#!/usr/bin/python3
"""Helpers for bench/scale.sh (standard library only; run with Debian's /usr/bin/python3).

  scale.py targets BASE_URL PAGE_SIZE sqlite DB_FILE
  scale.py targets BASE_URL PAGE_SIZE postgres PSQL_ARGS...
      Prints "name<TAB>path" for every page type to measure on the generated site: the busiest section, tag and
      author, the busiest year, month and day, each at page 1 and page 500 (or the last page); an article without
      comments and the one whose discussion is closest to 5,000 approved comments; the feed and sitemaps; the
      newsroom's filtered article list (one section's published, and two authors') and the comment queue; a search.
  scale.py signin BASE_URL EMAIL PASSWORD
      Signs in to the newsroom through its form (antiforgery token and cookie, like a browser) and prints the
      Cookie header value.
  scale.py time BASE_URL PATH REQUESTS WARMUP SECONDS ACCEPT_ENCODING [COOKIE]
      WARMUP then REQUESTS sequential GETs on one keep-alive connection, stopping early (after at least 10) once the
      measured ones took SECONDS; prints "p50 p99 max kb errors n" (ms, KB on the wire, how many answers were not
      200, and how many requests were measured).
  scale.py table RESULTS_TSV
      Prints the Markdown table of the latencies, one column pair per database.
"""

import collections
import html
import http.client
import math
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse

STATUS_PUBLISHED = 3  # Broadsheet.Articles.ArticleStatus.Published
COMMENT_APPROVED = 1  # Broadsheet.Comments.CommentStatus.Approved
NEWSROOM_ARTICLES_PAGE = 25
COMMENT_QUEUE_PAGE = 50


def die(message):
    print(f"ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


class Database:
    def __init__(self, kind, args):
        self.kind = kind
        if kind == "sqlite":
            self.connection = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
        else:
            self.psql = list(args)

    def rows(self, sql):
        if self.kind == "sqlite":
            return [tuple(str(v) for v in row) for row in self.connection.execute(sql)]
        # Times in UTC, as the site's default zone shows them.
        out = subprocess.run([*self.psql, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True,
                             env={**os.environ, "PGTZ": "UTC"}).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows else None


def last_page(count, size, wanted=500):
    return max(1, min(wanted, math.ceil(count / size)))


def article_path(published, slug):
    # The site's default time zone is UTC, and the generated site never changes it.
    return f"/{published[0:4]}/{published[5:7]}/{published[8:10]}/{slug}"


def targets(base, page_size, kind, args):
    db = Database(kind, args)
    published = f'"Status" = {STATUS_PUBLISHED}'
    out = []

    def page_pair(name, path, count, size=page_size, param="page"):
        out.append((f"{name}, page 1", path))
        page = last_page(count, size)
        if page > 1:
            sep = "&" if "?" in path else "?"
            out.append((f"{name}, page {page}", f"{path}{sep}{param}={page}"))

    total = int(db.value(f'SELECT COUNT(*) FROM "Articles" WHERE {published}'))
    page_pair("home", "/", total - 1)  # the lead story stands above the pages of the latest list
    for name, table, key, join in (
        ("section", "Sections", "SectionId", None),
        ("tag", "Tags", "TagsId", "ArticleTags"),
        ("author", "Authors", "AuthorId", "Bylines"),
    ):
        if join is None:
            sql = (f'SELECT s."Slug", COUNT(*) FROM "Articles" a JOIN "Sections" s ON s."Id" = a."SectionId" '
                   f'WHERE a.{published} GROUP BY s."Slug" ORDER BY 2 DESC, 1 LIMIT 1')
        else:
            article_key = "ArticlesId" if join == "ArticleTags" else "ArticleId"
            sql = (f'SELECT t."Slug", COUNT(*) FROM "{join}" x JOIN "{table}" t ON t."Id" = x."{key}" '
                   f'JOIN "Articles" a ON a."Id" = x."{article_key}" WHERE a.{published} GROUP BY t."Slug" ORDER BY 2 DESC, 1 LIMIT 1')
        slug, count = db.rows(sql)[0]
        page_pair(name, f"/{name}/{slug}", int(count))

    dates = [row[0][:10] for row in db.rows(f'SELECT "PublishedAt" FROM "Articles" WHERE {published}')]
    years = collections.Counter(d[:4] for d in dates)
    year, count = max(years.items(), key=lambda kv: (kv[1], kv[0]))
    page_pair("year archive", f"/{year}", count)
    months = collections.Counter(d[:7] for d in dates if d.startswith(year))
    month, count = max(months.items(), key=lambda kv: (kv[1], kv[0]))
    page_pair("month archive", f"/{month[:4]}/{month[5:7]}", count)
    days = collections.Counter(d for d in dates if d.startswith(month))
    day, count = max(days.items(), key=lambda kv: (kv[1], kv[0]))
    page_pair("day archive", f"/{day[:4]}/{day[5:7]}/{day[8:10]}", count)

    silent = (f'FROM "Articles" a WHERE a.{published} '
              f'AND NOT EXISTS (SELECT 1 FROM "Comments" c WHERE c."ArticleId" = a."Id")')
    middle = int(db.value(f"SELECT COUNT(*) {silent}")) // 2
    slug, at = db.rows(f'SELECT a."Slug", a."PublishedAt" {silent} ORDER BY a."Id" LIMIT 1 OFFSET {middle}')[0]
    out.append(("article, 0 comments", article_path(at, slug)))
    counts = db.rows(f'SELECT "ArticleId", COUNT(*) FROM "Comments" WHERE "Status" = {COMMENT_APPROVED} GROUP BY "ArticleId"')
    busy, approved = min(counts, key=lambda r: (abs(int(r[1]) - 5000), int(r[0])))
    slug, at = db.rows(f'SELECT "Slug", "PublishedAt" FROM "Articles" WHERE "Id" = {busy}')[0]
    out.append((f"article, {int(approved):,} comments", article_path(at, slug)))

    out.append(("/feed", "/feed"))
    out.append(("sitemap (index)", "/sitemap.xml"))
    index = fetch(base, "/sitemap.xml")
    files = [urllib.parse.urlsplit(html.unescape(loc)).path for loc in re.findall(r"<loc>\s*([^<]+?)\s*</loc>", index)]
    # A small site has one sitemap (a urlset, no index); a large one an index of article files.
    files = [f for f in files if "/sitemaps/articles-" in f]
    if files:
        out.append(("sitemap file (the last)", files[-1]))

    section_id, count = db.rows(f'SELECT "SectionId", COUNT(*) FROM "Articles" WHERE {published} GROUP BY "SectionId" ORDER BY 2 DESC, 1 LIMIT 1')[0]
    page_pair("newsroom articles (section, published)", f"/newsroom/articles?status=Published&section={section_id}", int(count), NEWSROOM_ARTICLES_PAGE)
    # One author's articles: the most prolific author's, and those of the author nearest 1% of the site, whose list
    # is read from their bylines rather than by walking the whole list.
    bylines = [(int(a), int(c)) for a, c in db.rows('SELECT "AuthorId", COUNT(*) FROM "Bylines" GROUP BY "AuthorId"')]
    if bylines:
        author_id, count = max(bylines, key=lambda r: (r[1], -r[0]))
        page_pair(f"newsroom articles (author of {count:,})", f"/newsroom/articles?author={author_id}", count, NEWSROOM_ARTICLES_PAGE)
        author_id, count = min(bylines, key=lambda r: (abs(r[1] - total / 100), r[0]))
        page_pair(f"newsroom articles (author of {count:,})", f"/newsroom/articles?author={author_id}", count, NEWSROOM_ARTICLES_PAGE)
    pending = int(db.value('SELECT COUNT(*) FROM "Comments" WHERE "Status" = 0'))
    page_pair("comment queue (pending)", "/newsroom/comments", pending, COMMENT_QUEUE_PAGE, "p")
    approved_all = int(db.value(f'SELECT COUNT(*) FROM "Comments" WHERE "Status" = {COMMENT_APPROVED}'))
    page_pair("comment queue (approved)", "/newsroom/comments?status=approved", approved_all, COMMENT_QUEUE_PAGE, "p")

    out.append(("search, two common words", "/search?q=council+budget"))
    out.append(("search, two rare words", "/search?q=regatta+allotment"))
    for name, path in out:
        print(f"{name}\t{path}")


def fetch(base, path, headers=None):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return body


def signin(base, email, password):
    url = urllib.parse.urlsplit(base)
    cookies = {}

    def remember(response):
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]

    def cookie_header():
        return "; ".join(f"{k}={v}" for k, v in cookies.items())

    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request("GET", "/newsroom/signin")
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    remember(response)
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page)
    if not token:
        die("no antiforgery token on /newsroom/signin")
    form = urllib.parse.urlencode({"Input.Email": email, "Input.Password": password,
                                   "__RequestVerificationToken": html.unescape(token.group(1))})
    connection.request("POST", "/newsroom/signin", body=form,
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header()})
    response = connection.getresponse()
    response.read()
    remember(response)
    if response.status != 302 or response.getheader("Location") != "/newsroom":
        die(f"sign-in answered {response.status} to {response.getheader('Location')}")
    print(cookie_header())


def measure(base, path, requests, warmup, seconds, encoding, cookie=None):
    url = urllib.parse.urlsplit(base)
    headers = {"Accept-Encoding": encoding} if encoding and encoding != "identity" else {}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    times, errors, size = [], 0, 0
    started = None
    for i in range(warmup + requests):
        if i == warmup:
            started = time.perf_counter()
        elif started and len(times) >= 10 and time.perf_counter() - started > seconds:
            break
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            times.append(elapsed)
            size = len(body)
            errors += response.status != 200
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, max(0, math.ceil(p / 100 * len(times)) - 1))]

    print(f"{pct(50):.2f} {pct(99):.2f} {times[-1]:.2f} {size / 1024:.1f} {errors} {len(times)}")


def table(path):
    rows = collections.OrderedDict()
    databases = []
    with open(path) as results:
        for line in results:
            database, name, page, p50, p99, worst, kb, errors, count = line.rstrip("\n").split("\t")
            if database not in databases:
                databases.append(database)
            rows.setdefault(name, {})[database] = (page, p50, p99, worst, kb, errors, count)
    head = "| page | " + " | ".join(f"{d} p50 (ms) | {d} p99 (ms)" for d in databases) + " | KB | requests | non-200 |"
    print(head)
    print("| --- | " + " | ".join("---: | ---:" for _ in databases) + " | ---: | ---: | ---: |")
    for name, by_db in rows.items():
        cells = []
        for d in databases:
            page, p50, p99, worst, kb, errors, count = by_db.get(d, ("",) * 7)
            cells.append(f"{p50} | {p99}")
        first = next(iter(by_db.values()))
        counts = "/".join(by_db.get(d, ("",) * 7)[6] for d in databases)
        errors = "/".join(by_db.get(d, ("",) * 7)[5] for d in databases)
        print(f"| {name} (`{first[0]}`) | " + " | ".join(cells) + f" | {first[4]} | {counts} | {errors} |")


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    command, args = argv[1], argv[2:]
    if command == "targets":
        targets(args[0], int(args[1]), args[2], args[3:])
    elif command == "signin":
        signin(*args)
    elif command == "time":
        measure(args[0], args[1], int(args[2]), int(args[3]), float(args[4]), args[5], args[6] if len(args) > 6 else None)
    elif command == "table":
        table(args[0])
    else:
        die(__doc__)


if __name__ == "__main__":
    main(sys.argv)
