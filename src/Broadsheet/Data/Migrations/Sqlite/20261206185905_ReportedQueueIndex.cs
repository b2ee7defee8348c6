using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Broadsheet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportedQueueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ReportCount_CreatedAt",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ReportCount_CreatedAt_Id_Status",
                table: "Comments",
                columns: new[] { "ReportCount", "CreatedAt", "Id", "Status" },
                filter: "\"ReportCount\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_ReportCount_CreatedAt_Id_Status",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ReportCount_CreatedAt",
                table: "Comments",
                columns: new[] { "ReportCount", "CreatedAt" },
                filter: "\"ReportCount\" > 0");
        }
    }
}
