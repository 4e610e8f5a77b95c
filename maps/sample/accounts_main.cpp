// revir-sample-accounts: sample accounts and rep bases drawn from census units,
// to try `revir plan` on a real area (benchmarks/porto_alegre uses it).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "maps/sample/sample_accounts.hpp"

int main(int argc, char** argv) {
    revir::sample::SampleDraw draw;
    std::string folder;
    CLI::App app{"Sample accounts (accounts.csv) and rep bases (bases.csv) drawn from census units by a weight field"};
    app.add_option("units", draw.units, "Census units (any polygon source)")->required();
    app.add_option("--weight", draw.weight, "Field to draw by, e.g. population")->required();
    app.add_option("--layer", draw.layer, "Layer (default: the first)");
    app.add_option("--accounts", draw.accounts, "Number of accounts")->capture_default_str();
    app.add_option("--bases", draw.bases, "Number of rep bases")->capture_default_str();
    app.add_option("--seed", draw.seed, "Random seed")->capture_default_str();
    app.add_option("-o,--output", folder, "Folder to write accounts.csv and bases.csv into")->required();
    CLI11_PARSE(app, argc, argv);
    try {
        revir::sample::write_sample_accounts(draw, folder);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "revir-sample-accounts: error: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "revir-sample-accounts: wrote %zu accounts and %zu bases into %s\n", draw.accounts, draw.bases,
                 folder.c_str());
    return 0;
}
