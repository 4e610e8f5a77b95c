#pragma once
// The visit-planning stages on their own: a plan GeoPackage's territories and an
// accounts file into day-by-day visit routes per rep (`revir visits`), and a
// standard routing instance solved by the routing core (`revir vrp`).
#include <cstdint>
#include <string>

#include "engine/stages/stage.hpp"

namespace revir::engine {

struct VisitsRequest {
    std::string plan; // plan GeoPackage from revir territories (or revir plan)
    std::string accounts;
    std::string accounts_crs;
    std::string graph;
    unsigned days = 20;
    std::string shift = "8h";          // 8h, 7h30, 450m
    std::string shift_start = "08:00"; // HH:MM
    unsigned first_weekday = 1;        // 1 = Monday … 5 = Friday
    std::uint64_t seed = 1;
    double time_limit_s = 60; // per rep
    double max_snap_m = kDefaultMaxSnapM;
    std::string output;
};
StageReport run_visits(const VisitsRequest& request, const Log& log);

struct VrpRequest {
    std::string instance; // CVRPLIB .vrp or Solomon .txt
    double time_limit_s = 10;
    std::uint64_t iterations = 0;
    std::uint64_t seed = 1;
    unsigned threads = 0;
    std::string output; // .sol; empty: the text of the report
};
/// The report's text is the .sol when there is no output file.
StageReport run_vrp(const VrpRequest& request, const Log& log);

} // namespace revir::engine
