#pragma once
// CSV as RFC 4180 has it, in and out: a quoted field may hold commas, doubled
// quotes and line breaks. Every CSV Revir writes goes through csv_field(), and
// every CSV it reads through read_csv(), so it reads back whatever it writes.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace revir {

/// One record: its fields and the line of the file it ends on.
struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

struct CsvTable {
    std::string path;
    std::vector<std::string> header;
    std::vector<CsvRecord> records;

    /// The position of `name` in the header; throws InputError naming the file and
    /// the columns it has (with the closest one) when there is no such column.
    std::size_t column(const std::string& name) const;
    /// "PATH:LINE", for messages about one record.
    std::string where(const CsvRecord& record) const;
};

/// Reads a CSV file with a header line. Throws InputError, naming the file and line,
/// for a missing or empty file, a NUL byte, a quote that is never closed, or a record
/// whose number of fields differs from the header's. Spaces and tabs around an
/// unquoted field are dropped; blank lines are skipped.
CsvTable read_csv(const std::string& path);

/// The whole of a text input (a CSV, an instance file). Throws InputError naming the
/// file for one that is missing or not a regular file (/dev/zero never ends), larger
/// than 1 GiB or unreadable, and naming the line for a NUL byte: a reader in C would
/// stop the value there (57.06\0junk → 57.06).
std::string read_text_file(const std::string& path);

/// `text` as one CSV field: as it is, or quoted with its quotes doubled when it holds
/// a comma, a quote, a line break or spaces at either end.
std::string csv_field(std::string_view text);

} // namespace revir
