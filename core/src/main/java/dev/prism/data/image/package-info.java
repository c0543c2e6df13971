/**
 * Image data: CIFAR binary files and image folders, decoded and normalised as samples.
 */
package dev.prism.data.image;
