// revir: territory design and drive-time routing on OpenStreetMap roads.
#include <cstdio>

#include "geo/core/error.hpp"
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const revir::InputError& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 2;
    } catch (const revir::FileFormatError& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 3;
    } catch (const revir::NoFeasiblePlan& e) {
        std::fprintf(stderr, "revir: no feasible plan: %s\n", e.what());
        return 4;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "revir: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
