using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CommentBodyLengthIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The duplicate check of a new comment asks for the article's comments with the same text. An index on
            // the text's length finds the few candidates without reading the whole discussion and costs a number per
            // comment, where one on the text would copy every comment into the index. EF Core's model has no
            // expression indexes, so it is plain SQL (the same in both providers); QueryPlanTests checks it is used.
            migrationBuilder.Sql("CREATE INDEX \"IX_Comments_ArticleId_BodyLength\" ON \"Comments\" (\"ArticleId\", length(\"Body\"));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_Comments_ArticleId_BodyLength\";");
        }
    }
}
