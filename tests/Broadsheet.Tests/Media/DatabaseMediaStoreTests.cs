using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Tests.Media;

/// <summary>The newsroom app with media kept in the database (<c>Broadsheet:Media:Store=Database</c>).</summary>
public class DatabaseMediaApp : NewsroomApp
{
    public DatabaseMediaApp() => Configure("Broadsheet:Media:Store", "Database");
}

public sealed class PostgresDatabaseMediaApp : DatabaseMediaApp
{
    public PostgresDatabaseMediaApp() => UsePostgres();

    public override string ProviderName => "PostgreSQL";
}

public abstract class DatabaseMediaStoreTests<TApp>(TApp app) : AppTest<TApp>(app) where TApp : DatabaseMediaApp
{
    [Fact]
    public async Task An_uploaded_image_is_served_from_the_database_with_immutable_caching_and_304_and_nothing_on_disk()
    {
        using var author = await App.SignInAsNewAsync(NewsroomRoles.Author);
        var token = await author.GetTokenAsync("/newsroom/media");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.Jpeg(1200, 800));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "Upload", "harbour.jpg");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        using var uploaded = await author.Http.PostAsync("/newsroom/media", form);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);

        var item = await App.WithDbAsync((db, _) => db.MediaItems.OrderByDescending(m => m.Id).FirstAsync());
        using var original = await Client.GetAsync(item.Url);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", original.Headers.CacheControl!.ToString());
        Assert.Equal(item.Length, (await original.Content.ReadAsByteArrayAsync()).Length);

        using var variant = await Client.GetAsync(item.Url[..item.Url.LastIndexOf('.')] + "-960.webp");
        Assert.Equal(HttpStatusCode.OK, variant.StatusCode);
        Assert.Equal("image/webp", variant.Content.Headers.ContentType!.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, item.Url);
        again.Headers.IfNoneMatch.Add(original.Headers.ETag!);
        using var notModified = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/media/2026/01/nothing-here.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/media/..%2Fbroadsheet.db")).StatusCode);
        var media = Path.Combine(App.DataDir, "media");
        Assert.False(Directory.Exists(media) && Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories).Any());
    }
}

public sealed class SqliteDatabaseMediaStoreTests(DatabaseMediaApp app) : DatabaseMediaStoreTests<DatabaseMediaApp>(app), IClassFixture<DatabaseMediaApp>;

public sealed class PostgresDatabaseMediaStoreTests(PostgresDatabaseMediaApp app) : DatabaseMediaStoreTests<PostgresDatabaseMediaApp>(app), IClassFixture<PostgresDatabaseMediaApp>;
