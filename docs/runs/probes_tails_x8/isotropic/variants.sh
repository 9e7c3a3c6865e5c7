#!/bin/bash
cd "${1:?phantom folder}"
for v in "dc128:--set discChannels=128" "dw7:--set discWidths=3,3,3,1,1" "wd0:--set genWeightDecay=0"; do
  n=${v%%:*}; a=${v#*:}
  java -jar espreso.jar --threads 2 measure -i lr_g2x1.nii.gz --lr-axis 2 -o meas_$n $a > meas_$n.log 2>&1
done
