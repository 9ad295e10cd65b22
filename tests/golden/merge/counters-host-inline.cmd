counters-layer.rules
