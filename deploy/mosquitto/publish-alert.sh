#!/bin/sh
# How the alert system puts a CAP (or JMA) message on every screen: one publish, QoS 1,
# retained (a screen that connects later still gets it), to machinaka/alerts/<identifier>.
#   sh publish-alert.sh message.xml IDENTIFIER
# An Update or a Cancel is published the same way, under its own identifier. When a
# cancelled alert has expired, clear its topic:  mosquitto_pub ... -r -n -t machinaka/alerts/ID
set -eu
file=$1
identifier=$2
: "${BROKER:=broker.city.example}" "${CA:=/etc/machinaka/ca.crt}" "${PASSWORD_FILE:=/etc/machinaka/alert-system.password}"
exec mosquitto_pub -h "$BROKER" -p 8883 --cafile "$CA" -u alert-system -P "$(cat "$PASSWORD_FILE")" \
    -q 1 -r -t "machinaka/alerts/$identifier" -f "$file"
