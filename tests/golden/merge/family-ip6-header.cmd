family-ip6-layer.rules family-neutral-layer.rules
