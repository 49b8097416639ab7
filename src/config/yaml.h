// yaml-cpp, included in one place for the stage.
// Beware: `it->first` / `it->second` of a yaml-cpp map iterator live in a temporary proxy; bind
// them by value (`const YAML::Node k = it->first;`), never by reference (ASan catches it).
#pragma once
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>
