package dev.prism.data.hsi;

import java.util.List;

/**
 * A public benchmark scene described by its standard GIC (UPV/EHU) file names and variable keys.
 *
 * @param id name on the command line
 * @param displayName name in reports
 * @param cubeFile cube file name inside {@code --data DIR}
 * @param cubeKey MATLAB variable of the cube
 * @param gtFile ground-truth file name
 * @param gtKey MATLAB variable of the ground truth
 * @param classNames names by original label number: index 0 is label 1, and so on; labels a
 *     scene skips (Salinas-A) have a null name
 * @param rgbBands false-colour bands, 0-based
 * @param pcaComponents HybridSN's PCA setting (30 Indian Pines, 15 the others)
 */
public record SceneInfo(
        String id,
        String displayName,
        String cubeFile,
        String cubeKey,
        String gtFile,
        String gtKey,
        List<String> classNames,
        int[] rgbBands,
        int pcaComponents) {}
