/** ESPRESO: estimates the relative slice profile of a multi-slice image with a small GAN (docs/espreso.md). */
package org.espreso.estimator;
