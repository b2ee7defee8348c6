#!/usr/bin/env python3
"""Writes a synthetic WordPress export (WXR 1.2) for bench/import.sh: N posts with M comments in all.

Deterministic (fixed seed), streamed to the file, neutral generated words. Comments have a long tail: most posts
have a few, a handful have thousands; about a third are replies. Usage: wxr_generate.py OUT.xml POSTS COMMENTS
"""
import random
import sys
from datetime import datetime, timedelta

WORDS = ("council harbour river weather bridge market library school budget rain storm festival museum garden "
         "railway station league match season orchestra theatre science telescope forest coast village tram "
         "election committee report survey planning housing energy water summer winter spring autumn city "
         "district museum bakery bicycle ferry island mountain valley research student teacher hospital").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main():
    out, posts, comments = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20261130)
    # A long tail: weights from a Pareto distribution, a few posts with thousands of comments.
    weights = [rng.paretovariate(1.2) for _ in range(posts)]
    total = sum(weights)
    per_post = [int(w / total * comments) for w in weights]
    per_post[0] += comments - sum(per_post)
    sections = ["news", "sport", "culture", "science", "weather", "business"]
    tags = [f"{a}-{b}" for a in WORDS[:20] for b in WORDS[20:30]]
    start = datetime(2015, 1, 1, 8, 0, 0)
    comment_id = 0
    with open(out, "w", encoding="utf-8") as f:
        w = f.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w('<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
          'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
        w("<title>Generated Gazette</title>\n<link>https://gazette.example</link>\n<description>Generated</description>\n")
        w("<language>en-GB</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
        w("<wp:base_site_url>https://gazette.example</wp:base_site_url>\n<wp:base_blog_url>https://gazette.example</wp:base_blog_url>\n")
        for i in range(1, 21):
            w(f"<wp:author><wp:author_id>{i}</wp:author_id><wp:author_login>{cdata(f'writer{i}')}</wp:author_login>"
              f"<wp:author_email>{cdata(f'writer{i}@gazette.example')}</wp:author_email>"
              f"<wp:author_display_name>{cdata(f'Writer {i}')}</wp:author_display_name>"
              f"<wp:author_first_name>{cdata('')}</wp:author_first_name><wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n")
        for i, s in enumerate(sections, 1):
            w(f"<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{s}</wp:category_nicename>"
              f"<wp:category_parent></wp:category_parent><wp:cat_name>{cdata(s.title())}</wp:cat_name></wp:category>\n")
        for i, t in enumerate(tags, 100):
            w(f"<wp:tag><wp:term_id>{i}</wp:term_id><wp:tag_slug>{t}</wp:tag_slug><wp:tag_name>{cdata(t.replace('-', ' '))}</wp:tag_name></wp:tag>\n")
        for p in range(posts):
            post_id = 1000 + p
            local = start + timedelta(minutes=p * 197 + rng.randint(0, 120))
            gmt = local - timedelta(hours=1)
            slug = f"{words(rng, 4).replace(' ', '-')}-{post_id}"
            title = words(rng, 7).capitalize()
            body = "\n\n".join(words(rng, rng.randint(40, 90)).capitalize() + "." for _ in range(rng.randint(4, 9)))
            section = rng.choice(sections)
            w("<item>\n")
            w(f"<title>{cdata(title)}</title>\n<link>https://gazette.example/{local:%Y/%m/%d}/{slug}/</link>\n")
            w(f"<pubDate>{gmt:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n<dc:creator>{cdata('writer' + str(rng.randint(1, 20)))}</dc:creator>\n")
            w(f'<guid isPermaLink="false">https://gazette.example/?p={post_id}</guid>\n<description></description>\n')
            w(f"<content:encoded>{cdata(body)}</content:encoded>\n<excerpt:encoded>{cdata(words(rng, 20).capitalize() + '.')}</excerpt:encoded>\n")
            w(f"<wp:post_id>{post_id}</wp:post_id>\n<wp:post_date>{cdata(f'{local:%Y-%m-%d %H:%M:%S}')}</wp:post_date>\n")
            w(f"<wp:post_date_gmt>{cdata(f'{gmt:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>\n")
            w("<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>\n")
            w(f"<wp:post_name>{cdata(slug)}</wp:post_name>\n<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>\n")
            w("<wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>\n")
            w(f'<category domain="category" nicename="{section}">{cdata(section.title())}</category>\n')
            for t in rng.sample(tags, 2):
                w(f'<category domain="post_tag" nicename="{t}">{cdata(t.replace("-", " "))}</category>\n')
            first_comment = comment_id + 1
            for c in range(per_post[p]):
                comment_id += 1
                parent = rng.randint(first_comment, comment_id - 1) if c > 0 and rng.random() < 0.33 else 0
                when = local + timedelta(minutes=5 + c * 3)
                approved = "1" if rng.random() < 0.9 else rng.choice(["0", "spam", "trash"])
                w("<wp:comment>")
                w(f"<wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata(f'Reader {comment_id % 5000}')}</wp:comment_author>")
                w(f"<wp:comment_author_email>{cdata(f'reader{comment_id % 5000}@example.org')}</wp:comment_author_email>")
                w(f"<wp:comment_author_url>{cdata('')}</wp:comment_author_url><wp:comment_author_IP>{cdata('192.0.2.' + str(comment_id % 250))}</wp:comment_author_IP>")
                w(f"<wp:comment_date>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:comment_date>")
                w(f"<wp:comment_date_gmt>{cdata(f'{when - timedelta(hours=1):%Y-%m-%d %H:%M:%S}')}</wp:comment_date_gmt>")
                w(f"<wp:comment_content>{cdata(words(rng, rng.randint(8, 60)).capitalize() + '.')}</wp:comment_content>")
                w(f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved><wp:comment_type>{cdata('comment')}</wp:comment_type>")
                w(f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n")
            w("</item>\n")
        w("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
