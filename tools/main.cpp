// revir: territory design and drive-time routing on OpenStreetMap roads.
#include <cstdio>

#include "geo/core/version.hpp"
#include "geo/core/error.hpp"
#include "tools/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Revir: balanced sales territories and drive-time routes on OpenStreetMap roads"};
    app.set_version_flag("--version", revir::version_string());
    app.require_subcommand(1);
    revir::tools::add_plan_command(app);
    revir::tools::add_import_command(app);
    revir::tools::add_contract_command(app);
    revir::tools::add_import_dimacs_command(app);
    revir::tools::add_info_command(app);
    revir::tools::add_route_command(app);
    revir::tools::add_matrix_command(app);
    revir::tools::add_isochrone_command(app);
    revir::tools::add_units_command(app);
    revir::tools::add_territories_command(app);
    revir::tools::add_visits_command(app);
    revir::tools::add_vrp_command(app);
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
