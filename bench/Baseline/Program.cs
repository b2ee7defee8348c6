// Baseline for bench/article.sh: the fastest reasonable ASP.NET Core answer with the same bytes
// the app serves for an article page. Usage:
//   dotnet Baseline.dll --file PATH --urls http://127.0.0.1:PORT
using Microsoft.Net.Http.Headers;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var path = builder.Configuration["file"];
if (string.IsNullOrWhiteSpace(path))
{
    await Console.Error.WriteLineAsync("usage: Baseline --file PATH [--urls http://127.0.0.1:PORT]");
    return 2;
}

var body = await File.ReadAllBytesAsync(path);
var contentType = "text/html; charset=utf-8";
var contentLength = body.LongLength;

var app = builder.Build();

app.Run(context =>
{
    var request = context.Request;
    var response = context.Response;
    if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
    {
        response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        response.Headers[HeaderNames.Allow] = "GET, HEAD";
        return Task.CompletedTask;
    }

    response.StatusCode = StatusCodes.Status200OK;
    response.ContentType = contentType;
    response.ContentLength = contentLength;
    return HttpMethods.IsHead(request.Method)
        ? Task.CompletedTask
        : response.Body.WriteAsync(body).AsTask();
});

await app.RunAsync();
return 0;
