/** ESPRESO: estimates the relative slice profile of a multi-slice image with a small GAN (ESPRESO.md). */
package org.espreso.estimator;
