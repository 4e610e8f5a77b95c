#include "geo/core/csv.hpp"

#include <csv.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"

namespace revir {

namespace {

// What libcsv's callbacks fill: the record being read and the line being fed.
// Callbacks do not throw (libcsv is C): the first problem is kept and thrown after
// the line that raised it.
struct Reading {
    CsvTable* table;
    std::vector<std::string> fields;
    std::size_t line = 1;
    bool header_done = false;
    std::string error;
};

void on_field(void* text, std::size_t length, void* data) {
    auto& r = *static_cast<Reading*>(data);
    r.fields.emplace_back(static_cast<const char*>(text), length);
}

void on_record(int, void* data) {
    auto& r = *static_cast<Reading*>(data);
    CsvTable& t = *r.table;
    if (!r.header_done) {
        t.header = std::move(r.fields);
        r.header_done = true;
    } else {
        if (r.fields.size() != t.header.size() && r.error.empty()) {
            r.error = t.path + ":" + std::to_string(r.line) + ": " + std::to_string(r.fields.size()) +
                      " fields where the header has " + std::to_string(t.header.size()) +
                      " (a comma in a value needs quotes: \"a,b\")";
        }
        t.records.push_back({std::move(r.fields), r.line});
    }
    r.fields.clear();
}

} // namespace

std::size_t CsvTable::column(const std::string& name) const {
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c] == name) return c;
    }
    std::string listed;
    for (const auto& h : header) listed += (listed.empty() ? "" : ", ") + h;
    throw InputError(path + ": no column '" + name + "'" + geo::did_you_mean(name, header) + " (columns: " + listed + ")");
}

std::string CsvTable::where(const CsvRecord& record) const { return path + ":" + std::to_string(record.line); }

CsvTable read_csv(const std::string& path) {
    const std::string text = read_text_file(path);
    CsvTable table;
    table.path = path;
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw Error(path + ": cannot start the CSV reader");
    const std::unique_ptr<csv_parser, void (*)(csv_parser*)> owner(&parser, csv_free);
    Reading reading{&table, {}, 1, false, {}};
    // Fed a line at a time, so that each record knows the line it ends on.
    for (std::size_t at = 0; at < text.size();) {
        const auto end = std::min(text.find('\n', at), text.size() - 1) + 1;
        if (csv_parse(&parser, text.data() + at, end - at, on_field, on_record, &reading) != end - at) {
            throw InputError(path + ":" + std::to_string(reading.line) + ": " + csv_strerror(csv_error(&parser)) +
                             " (a quote inside a field is written twice: \"say \"\"hi\"\"\")");
        }
        if (!reading.error.empty()) throw InputError(reading.error);
        if (text[end - 1] == '\n') ++reading.line;
        at = end;
    }
    if (csv_fini(&parser, on_field, on_record, &reading) != 0) {
        throw InputError(path + ":" + std::to_string(reading.line) + ": a quoted field is never closed");
    }
    if (!reading.error.empty()) throw InputError(reading.error);
    if (table.header.empty()) throw InputError(path + ": empty file (a CSV needs a header line)");
    return table;
}

std::string read_text_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": no such file (or not a regular file)");
    if (std::filesystem::file_size(path, ec) > (std::uintmax_t{1} << 30)) throw InputError(path + ": larger than 1 GiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the file");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": cannot read the file");
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
        const auto line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
        throw InputError(path + ":" + std::to_string(line) + ": a NUL byte; this is not a text file");
    }
    return text;
}

std::string csv_field(std::string_view text) {
    const bool plain = text.find_first_of(",\"\r\n") == std::string_view::npos &&
                       (text.empty() || (text.front() != ' ' && text.front() != '\t' && text.back() != ' ' && text.back() != '\t'));
    if (plain) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace revir
