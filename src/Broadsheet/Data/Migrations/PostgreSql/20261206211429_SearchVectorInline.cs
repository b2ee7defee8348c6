using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SearchVectorInline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A search reads the newest documents' word vectors until it has its candidates (ArticleSearch). A vector
            // is 2-3 KB compressed, over the 2 KB at which PostgreSQL moves a value to the table's TOAST relation, so
            // each one read was an index lookup and two or three chunk rows there: about 17,000 pages touched for a
            // search of two common words at 100,000 articles, 14-16 ms. Kept in the row (compressed, moved out only if
            // the row would not fit a page), the same search touches about 1,600 pages and takes 5-6 ms.
            migrationBuilder.Sql("""ALTER TABLE "ArticleSearchDocuments" ALTER COLUMN "SearchVector" SET STORAGE MAIN;""");

            // The setting applies to rows written from now on; rewriting the table moves the existing vectors back
            // into their rows (about 13 s at 100,000 articles, on a 2-core machine). VACUUM cannot run in a transaction.
            migrationBuilder.Sql("""VACUUM FULL "ArticleSearchDocuments";""", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "ArticleSearchDocuments" ALTER COLUMN "SearchVector" SET STORAGE EXTENDED;""");
        }
    }
}
