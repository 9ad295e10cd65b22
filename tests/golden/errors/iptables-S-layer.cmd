iptables-S-layer.rules
