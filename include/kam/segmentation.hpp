// kam/segmentation: rules, quantile (RFM-style) bins and weighted k-means. Umbrella header:
// includes only.
#pragma once

#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
