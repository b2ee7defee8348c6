// Reads a site through the npm `wpapi` client (1.2.2), as an app built for WordPress does, and prints what it got
// as JSON for the C# test to compare with the database. CommonJS because wpapi 1.x is.
// Usage: node wpapi-client.js SITE_URL POST_SLUG
'use strict';

const WPAPI = require('wpapi');

async function main() {
  const [siteUrl, slug] = process.argv.slice(2);
  const wp = new WPAPI({ endpoint: siteUrl.replace(/\/$/, '') + '/wp-json' });

  const latest = await wp.posts();
  const bySlug = await wp.posts().slug(slug);
  const categories = await wp.categories().perPage(100);
  const post = bySlug[0];
  const comments = post ? await wp.comments().forPost(post.id).perPage(100) : [];

  // Every page of every post, two at a time, until the last page the paging headers announce.
  const pages = [];
  let totalPages = 1;
  for (let page = 1; page <= totalPages; page++) {
    const batch = await wp.posts().perPage(2).page(page);
    totalPages = batch._paging ? batch._paging.totalPages : 1;
    pages.push({
      page,
      ids: batch.map((p) => p.id),
      total: batch._paging ? batch._paging.total : null,
      totalPages: batch._paging ? batch._paging.totalPages : null,
      hasNext: Boolean(batch._paging && batch._paging.next),
      hasPrev: Boolean(batch._paging && batch._paging.prev),
    });
  }

  // Following the client's own "next" request rather than counting pages.
  let followed = 0;
  let request = wp.posts().perPage(2);
  while (request) {
    const batch = await request;
    followed += batch.length;
    request = batch._paging && batch._paging.next;
  }

  let pastTheEnd = null;
  try {
    await wp.posts().perPage(2).page(totalPages + 1);
  } catch (error) {
    pastTheEnd = error.code || (error.data && error.data.code) || String(error);
  }

  const out = {
    latest: latest.map((p) => ({ id: p.id, slug: p.slug, title: p.title.rendered })),
    latestTotal: latest._paging ? latest._paging.total : null,
    bySlug: bySlug.map((p) => ({ id: p.id, slug: p.slug, title: p.title.rendered, link: p.link, categories: p.categories, tags: p.tags, author: p.author })),
    categories: categories.map((c) => ({ id: c.id, name: c.name, slug: c.slug, count: c.count })),
    comments: comments.map((c) => ({ id: c.id, post: c.post, parent: c.parent, author_name: c.author_name, content: c.content.rendered })),
    pages,
    followed,
    pastTheEnd,
  };
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write((error && error.stack) || JSON.stringify(error));
  process.exit(1);
});
