ipv6-layer.rules < ../../../samples/broken-host.rules
