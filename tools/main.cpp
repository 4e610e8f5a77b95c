// revir: territory design and drive-time routing on OpenStreetMap roads.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"
#include "geo/core/version.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

Log stderr_log() {
    return [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
}

void finish(const engine::StageReport& report, bool json) {
    if (json) {
        std::printf("%s\n", report.summary.dump(2).c_str());
    } else if (!report.text.empty()) {
        std::fputs(report.text.c_str(), stdout);
    }
    if (!report.infeasible.empty()) throw NoFeasiblePlan(report.infeasible);
}

namespace {

std::vector<std::string> subcommand_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
    return names;
}

// CLI11 reads "-3" into an unsigned option as 18446744073709551613; every count,
// seed and thread number refuses a sign instead.
void refuse_negative_counts(CLI::App& app) {
    const CLI::Validator no_sign(
        [](std::string& value) {
            return value.find_first_of("-+") == std::string::npos ? std::string() : "must be a whole number of 0 or more, not " + value;
        },
        "");
    for (auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        for (auto* opt : sub->get_options()) {
            if (opt->get_type_name() == "UINT") opt->check(no_sign);
        }
    }
}

// A usage error (unknown subcommand or option, a value that does not convert or
// is out of range): CLI11's message, a hint, and exit code 2 like any bad input.
int usage_error(const CLI::App& app, const std::string& message) {
    std::string hint = "revir --help";
    for (const auto* sub : app.get_subcommands()) hint = "revir " + sub->get_name() + " --help";
    std::fprintf(stderr, "revir: usage: %s\nrevir: see '%s'\n", message.c_str(), hint.c_str());
    return 2;
}

// "The following argument was not expected: --bogus", with the option of the
// chosen subcommand the user probably meant.
std::string with_option_hint(const CLI::App& app, const std::string& message, int argc, char** argv) {
    const auto chosen = app.get_subcommands();
    const CLI::App& where = chosen.empty() ? app : *chosen.back();
    std::vector<std::string> known;
    for (const auto* opt : where.get_options()) {
        for (const auto& n : opt->get_lnames()) known.push_back("--" + n);
    }
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg.rfind("--", 0) != 0) continue;
        const std::string name = arg.substr(0, arg.find('='));
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            const std::string hint = geo::did_you_mean(name, known);
            if (!hint.empty()) return message + hint;
        }
    }
    return message;
}

} // namespace

} // namespace revir::tools

int main(int argc, char** argv) {
    CLI::App app{"Revir: balanced sales territories and drive-time routes on OpenStreetMap roads"};
    app.set_version_flag("--version", revir::version_string());
    app.require_subcommand(1);
    revir::tools::add_plan_command(app);
    revir::tools::add_graph_commands(app);
    revir::tools::add_query_commands(app);
    revir::tools::add_units_command(app);
    revir::tools::add_territories_command(app);
    revir::tools::add_visits_commands(app);
    revir::tools::add_export_command(app);
    revir::tools::add_serve_command(app);
    revir::tools::refuse_negative_counts(app);
    const auto subcommands = revir::tools::subcommand_names(app);
    if (argc > 1 && argv[1][0] != '-' && std::find(subcommands.begin(), subcommands.end(), argv[1]) == subcommands.end()) {
        const std::string name = argv[1];
        std::string hint = revir::geo::did_you_mean(name, subcommands);
        if (hint.empty()) {
            hint = "; subcommands:";
            for (const auto& s : subcommands) hint += " " + s;
        }
        return revir::tools::usage_error(app, "unknown subcommand '" + name + "'" + hint);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ExtrasError& e) {
        return revir::tools::usage_error(app, revir::tools::with_option_hint(app, e.what(), argc, argv));
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        return revir::tools::usage_error(app, e.what());
    } catch (const revir::InputError& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 2;
    } catch (const revir::FileFormatError& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 3;
    } catch (const revir::Interrupted& e) {
        std::fprintf(stderr, "revir: %s\n", e.what());
        return 130;
    } catch (const revir::NoFeasiblePlan& e) {
        std::fprintf(stderr, "revir: no feasible plan: %s\n", e.what());
        return 4;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 1;
    }
    if (revir::interrupted()) {
        std::fprintf(stderr, "revir: interrupted: the outputs hold the best plan found before the interrupt\n");
        return 130;
    }
    return 0;
}
