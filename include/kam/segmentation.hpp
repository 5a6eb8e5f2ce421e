// kam/segmentation: rules over account fields (field tables, conditions, rule sets), quantile
// (RFM-style) bins and weighted k-means. Umbrella header: includes only.
#pragma once

#include <kam/segmentation/condition.hpp>
#include <kam/segmentation/field_table.hpp>
#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
