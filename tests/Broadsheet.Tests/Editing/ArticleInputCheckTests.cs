using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Editing;
using Broadsheet.Site;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Editing;

/// <summary>The editor's checks on their own, before any save: every problem is named for its field.</summary>
public sealed class ArticleInputCheckTests(NewsroomApp app) : AppTest<NewsroomApp>(app), IClassFixture<NewsroomApp>
{
    [Fact]
    public async Task A_taken_slug_a_missing_section_and_no_author_are_each_named_and_nothing_is_saved()
    {
        var taken = await new ArticleBuilder().Headline("Harbour budget approved").SaveAsync(App);
        var input = new ArticleInput { Headline = "A second budget story", Slug = taken.Slug, Body = "Text." };
        var writer = new NewsroomMember("no-one", "Writer Without Byline", null, NewsroomRoles.Author);

        var (checkedInput, errors) = await App.WithDbAsync((db, services) =>
            new ArticleInputCheck(db, services.GetRequiredService<SiteCalendar>())
                .CheckAsync(new Article { Headline = "", Slug = "", Body = "" }, input, writer, EditorAction.Publish));

        Assert.Null(checkedInput);
        Assert.Equal(["SectionId", "AuthorIds", "Slug"], errors.Select(e => e.Field));
        Assert.Contains(taken.Slug, errors[2].Message, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync((db, _) => db.Articles.AnyAsync(a => a.Headline == input.Headline)));
    }
}
