#!/usr/bin/python3
"""Helpers for bench/comments.sh (standard library only; run with Debian's /usr/bin/python3).

  comments.py hold-first-off DB
      Turns the site setting "hold a commenter's first comment" off in the SQLite database (run it while
      the app is stopped; the app reads the SiteProfiles row at start-up).
  comments.py prepare BASE_URL ARTICLE_ID COUNT TAG BODIES_FILE COOKIE_FILE
      Fetches the antiforgery token + cookie and a form stamp from /comments/state, then COUNT challenges
      from /comments/challenge, solves each (ALTCHA v2, PBKDF2/SHA-256) and writes one urlencoded
      POST /comments/reply body per line to BODIES_FILE, and the Cookie header value to COOKIE_FILE.
  comments.py probe BASE_URL BODY_LINE_FILE COOKIE_FILE DB
      Posts the first body of BODY_LINE_FILE, expects 302 to #comment-ID, and checks that the comment is
      Approved in DB (so every measured post also evicts the article's cached pages).
  comments.py sequential BASE_URL BODIES_FILE COOKIE_FILE SERVER_PID
      Posts every body of BODIES_FILE one after another on one keep-alive connection, timing each from
      sending the request to reading the whole response, and reads the server's CPU ticks (utime+stime of
      /proc/SERVER_PID/stat) before and after. Prints one line:
      "posts N ok N p50 MS p99 MS mean MS cpu MS_PER_POST statuses CODE:N,...".
  comments.py count DB TAG
      Prints "approved=N pending=N spam=N trash=N" for the comments whose body starts with TAG.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import sqlite3
import sys
import time
import urllib.parse
from datetime import datetime, timezone

STATUS_NAMES = {0: "pending", 1: "approved", 2: "spam", 3: "trash"}  # Broadsheet.Comments.CommentStatus


def log(message):
    print(f"[{datetime.now(timezone.utc):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def die(message):
    log(f"ERROR: {message}")
    sys.exit(1)


def connect(base_url):
    url = urllib.parse.urlsplit(base_url)
    if url.scheme != "http":
        die(f"only http:// is supported, not {base_url}")
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


def get(conn, path):
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        die(f"GET {path} answered {response.status}: {body[:200]!r}")
    return response, json.loads(body)


def solve(challenge):
    """Counts up from 0 as the widget does; returns (counter, derived key hex)."""
    p = challenge["parameters"]
    if p["algorithm"] != "PBKDF2/SHA-256":
        die(f"unexpected challenge algorithm {p['algorithm']}")
    nonce, salt = bytes.fromhex(p["nonce"]), bytes.fromhex(p["salt"])
    prefix, cost, length = p["keyPrefix"].lower(), p["cost"], p["keyLength"]
    for counter in range(0, 10_000_000):
        key = hashlib.pbkdf2_hmac("sha256", nonce + counter.to_bytes(4, "big"), salt, cost, length).hex()
        if key.startswith(prefix):
            return counter, key
    die("challenge not solved within 10,000,000 counters (is Broadsheet:Spam:CounterMax set?)")
    return None  # unreachable


def hold_first_off(db_path):
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")  # EF Core's SQLite DateTime text
    with sqlite3.connect(db_path) as db:
        updated = db.execute("UPDATE SiteProfiles SET HoldFirstComment = 0, UpdatedAt = ? WHERE Id = 1", (now,)).rowcount
        if updated == 0:
            # No saved settings yet: save the defaults (SiteProfile's and appsettings.json's), but for hold-first.
            db.execute(
                "INSERT INTO SiteProfiles (Id, Title, Tagline, TimeZone, Culture, DateFormat, CommentsOpenByDefault, "
                "CloseCommentsAfterDays, HoldFirstComment, MaxLinks, ThreadDepth, MaxCommentLength, ModerationKeys, "
                "BlocklistKeys, UpdatedAt) VALUES (1, ?, ?, 'UTC', 'en-US', 'D', 1, 0, 0, 2, 3, 5000, '', '', ?)",
                ("The Harbourton Broadsheet", "News from the city and the valley", now))
        row = db.execute("SELECT HoldFirstComment FROM SiteProfiles WHERE Id = 1").fetchone()
    if row is None or row[0] != 0:
        die(f"could not turn hold-first off in {db_path}")
    log(f"site setting HoldFirstComment = 0 ({'updated' if updated else 'inserted'} SiteProfiles row 1)")


def open_article_ids(conn, read_article_id):
    conn.request("GET", "/sitemap.xml")
    response = conn.getresponse()
    sitemap = response.read().decode("utf-8")
    ids = [read_article_id]
    for loc in re.findall(r"<loc>\s*([^<]+?)\s*</loc>", sitemap):
        path = urllib.parse.urlsplit(loc).path
        if len([s for s in path.split("/") if s]) != 4:
            continue
        conn.request("GET", path)
        page = conn.getresponse()
        body = page.read().decode("utf-8")
        match = re.search(r'data-article="(\d+)"', body)
        if page.status == 200 and match and int(match.group(1)) not in ids:
            ids.append(int(match.group(1)))
    return ids


def prepare(base_url, article_id, count, tag, bodies_path, cookie_path):
    conn = connect(base_url)
    conn.request("GET", f"/comments/state?article={article_id}", headers={"Accept": "application/json"})
    response = conn.getresponse()
    state_body = response.read()
    if response.status != 200:
        die(f"GET /comments/state answered {response.status}")
    state = json.loads(state_body)
    cookies = [c.split(";", 1)[0].strip() for c in response.headers.get_all("Set-Cookie") or []]
    if not any(c.startswith(".AspNetCore.Antiforgery.") for c in cookies):
        die(f"/comments/state set no antiforgery cookie (got {cookies})")
    with open(cookie_path, "w", encoding="ascii") as f:
        f.write("; ".join(cookies) + "\n")

    # Posts go round the site's open articles (the read one among them), as on a real site: every
    # post to the read article still evicts its page, and no one page grows by thousands of comments.
    article_ids = open_article_ids(conn, article_id)
    log(f"posting to {len(article_ids)} articles: {','.join(map(str, article_ids))}")

    # The form's signed time belongs to one article: fetch each article's, with the same antiforgery cookie.
    stamps = {}
    for aid in article_ids:
        conn.request("GET", f"/comments/state?article={aid}", headers={"Accept": "application/json", "Cookie": "; ".join(cookies)})
        reply = conn.getresponse()
        stamps[aid] = json.loads(reply.read())["stamp"]

    started = time.monotonic()
    counters = 0
    with open(bodies_path, "w", encoding="ascii") as out:
        for i in range(count):
            _, challenge = get(conn, "/comments/challenge")
            counter, key = solve(challenge)
            counters += counter + 1
            payload = {"challenge": challenge, "solution": {"counter": counter, "derivedKey": key, "time": 1.0}}
            altcha = base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
            body = urllib.parse.urlencode({
                "__RequestVerificationToken": state["token"],
                "Stamp": stamps[article_ids[i % len(article_ids)]],
                "ArticleId": str(article_ids[i % len(article_ids)]),
                "ParentId": "",
                "Comment": f"{tag} comment {i + 1}: a benchmark reader's note on this story.",
                "Name": "Bench Reader",
                "Email": "bench-reader@example.org",
                "Website": "",
                "Trap": "",
                "Altcha": altcha,
            })
            out.write(body + "\n")
            if (i + 1) % 1000 == 0:
                log(f"  {i + 1}/{count} solved")
    conn.close()
    elapsed = time.monotonic() - started
    log(f"solved {count} challenges in {elapsed:.1f}s ({counters / max(count, 1):.0f} keys derived per challenge on average)")


def probe(base_url, body_file, cookie_file, db_path):
    with open(body_file, encoding="ascii") as f:
        body = f.readline().strip()
    with open(cookie_file, encoding="ascii") as f:
        cookie = f.readline().strip()
    conn = connect(base_url)
    conn.request("POST", "/comments/reply", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    location = response.getheader("Location") or ""
    match = re.search(r"#comment-(\d+)$", location)
    if response.status != 302 or not match:
        die(f"probe post answered {response.status} (Location: {location!r}); expected 302 to #comment-ID")
    comment_id = int(match.group(1))
    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT Status, ModerationReason FROM Comments WHERE Id = ?", (comment_id,)).fetchone()
    if row is None:
        die(f"probe comment {comment_id} is not in {db_path}")
    if row[0] != 1:
        die(f"probe comment {comment_id} is {STATUS_NAMES.get(row[0], row[0])} ({row[1]}), not approved")
    log(f"probe post: 302 to {location}, comment {comment_id} approved")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": field 3 (state) is fields[0]
    return int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15


def percentile(sorted_values, p):
    """Nearest-rank percentile, as wrk reports them."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


def sequential(base_url, bodies_file, cookie_file, server_pid):
    with open(bodies_file, encoding="ascii") as f:
        bodies = [line.strip() for line in f if line.strip()]
    with open(cookie_file, encoding="ascii") as f:
        cookie = f.readline().strip()
    if not bodies:
        die(f"no bodies in {bodies_file}")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    conn = connect(base_url)
    conn.connect()
    times, statuses = [], {}
    hz = os.sysconf("SC_CLK_TCK")
    before = cpu_ticks(server_pid)
    for body in bodies:
        encoded = body.encode("ascii")
        started = time.perf_counter()
        conn.request("POST", "/comments/reply", body=encoded, headers=headers)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    after = cpu_ticks(server_pid)
    conn.close()
    times.sort()
    ok = statuses.get(302, 0)
    status_text = ",".join(f"{code}:{n}" for code, n in sorted(statuses.items()))
    print(f"posts {len(times)} ok {ok} p50 {percentile(times, 50):.2f} p99 {percentile(times, 99):.2f} "
          f"mean {sum(times) / len(times):.2f} cpu {(after - before) * 1000 / hz / len(times):.2f} statuses {status_text}")


def count(db_path, tag):
    with sqlite3.connect(db_path) as db:
        rows = dict(db.execute(
            "SELECT Status, COUNT(*) FROM Comments WHERE substr(Body, 1, ?) = ? GROUP BY Status", (len(tag), tag)).fetchall())
    print(" ".join(f"{name}={rows.get(value, 0)}" for value, name in STATUS_NAMES.items()))


def main(argv):
    commands = {
        "hold-first-off": (hold_first_off, 1),
        "prepare": (lambda b, a, n, t, o, c: prepare(b, int(a), int(n), t, o, c), 6),
        "probe": (probe, 4),
        "sequential": (lambda b, f, c, pid: sequential(b, f, c, int(pid)), 4),
        "count": (count, 2),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[1]][0](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
