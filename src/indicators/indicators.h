// Every indicator kernel of kiss::ind (one header per family). Contract: moving_average.h.
#pragma once
#include "indicators/channels.h"
#include "indicators/momentum.h"
#include "indicators/moving_average.h"
#include "indicators/trend.h"
#include "indicators/volatility.h"
#include "indicators/volume.h"
