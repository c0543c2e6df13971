package dev.prism.data.hsi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public benchmark scenes by their standard GIC file names and keys
 * (https://www.ehu.eus/ccwintco/index.php/Hyperspectral_Remote_Sensing_Scenes). A user points
 * {@code --data DIR} at the folder holding the files. Indian Pines also ships with Prism as an
 * 8-bit copy, used when no {@code --data} is given.
 */
public final class SceneRegistry {

    private static final Map<String, SceneInfo> SCENES = new LinkedHashMap<>();

    static {
        add(new SceneInfo("indian-pines", "Indian Pines", "Indian_pines_corrected.mat", "indian_pines_corrected",
                "Indian_pines_gt.mat", "indian_pines_gt", List.of("Alfalfa", "Corn-notill", "Corn-mintill", "Corn",
                        "Grass-pasture", "Grass-trees", "Grass-pasture-mowed", "Hay-windrowed", "Oats", "Soybean-notill",
                        "Soybean-mintill", "Soybean-clean", "Wheat", "Woods", "Buildings-Grass-Trees-Drives",
                        "Stone-Steel-Towers"), new int[] {43, 21, 11}, 30));
        List<String> salinas = List.of("Brocoli_green_weeds_1", "Brocoli_green_weeds_2", "Fallow", "Fallow_rough_plow",
                "Fallow_smooth", "Stubble", "Celery", "Grapes_untrained", "Soil_vinyard_develop",
                "Corn_senesced_green_weeds", "Lettuce_romaine_4wk", "Lettuce_romaine_5wk", "Lettuce_romaine_6wk",
                "Lettuce_romaine_7wk", "Vinyard_untrained", "Vinyard_vertical_trellis");
        add(new SceneInfo("salinas", "Salinas", "Salinas_corrected.mat", "salinas_corrected", "Salinas_gt.mat",
                "salinas_gt", salinas, new int[] {43, 21, 11}, 15));
        List<String> salinasA = new ArrayList<>(Arrays.asList(new String[14]));
        for (int label : new int[] {1, 10, 11, 12, 13, 14}) {
            salinasA.set(label - 1, salinas.get(label - 1));
        }
        add(new SceneInfo("salinas-a", "Salinas-A", "SalinasA_corrected.mat", "salinasA_corrected", "SalinasA_gt.mat",
                "salinasA_gt", salinasA, new int[] {43, 21, 11}, 15));
        add(new SceneInfo("pavia-university", "Pavia University", "PaviaU.mat", "paviaU", "PaviaU_gt.mat", "paviaU_gt",
                List.of("Asphalt", "Meadows", "Gravel", "Trees", "Painted metal sheets", "Bare Soil", "Bitumen",
                        "Self-Blocking Bricks", "Shadows"), new int[] {55, 41, 12}, 15));
        add(new SceneInfo("pavia-centre", "Pavia Centre", "Pavia.mat", "pavia", "Pavia_gt.mat", "pavia_gt",
                List.of("Water", "Trees", "Asphalt", "Self-Blocking Bricks", "Bitumen", "Tiles", "Shadows", "Meadows",
                        "Bare Soil"), new int[] {55, 41, 12}, 15));
        add(new SceneInfo("ksc", "Kennedy Space Center", "KSC.mat", "KSC", "KSC_gt.mat", "KSC_gt",
                List.of("Scrub", "Willow swamp", "Cabbage palm hammock", "Cabbage palm/oak hammock", "Slash pine",
                        "Oak/broadleaf hammock", "Hardwood swamp", "Graminoid marsh", "Spartina marsh", "Cattail marsh",
                        "Salt marsh", "Mud flats", "Water"), new int[] {43, 21, 11}, 15));
        add(new SceneInfo("botswana", "Botswana", "Botswana.mat", "Botswana", "Botswana_gt.mat", "Botswana_gt",
                List.of("Water", "Hippo grass", "Floodplain grasses 1", "Floodplain grasses 2", "Reeds", "Riparian",
                        "Firescar", "Island interior", "Acacia woodlands", "Acacia shrublands", "Acacia grasslands",
                        "Short mopane", "Mixed mopane", "Exposed soils"), new int[] {75, 33, 15}, 15));
    }

    private SceneRegistry() {}

    private static void add(SceneInfo info) {
        if (SCENES.putIfAbsent(info.id(), info) != null) {
            throw new IllegalStateException("duplicate scene " + info.id());
        }
    }

    /** The scene registered as {@code id}; an {@link IllegalArgumentException} listing the known ones otherwise. */
    public static SceneInfo get(String id) {
        SceneInfo s = SCENES.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown --scene '" + id + "'; known scenes: " + String.join(", ", SCENES.keySet())
                    + " (or give --cube FILE[:KEY] --gt FILE[:KEY])");
        }
        return s;
    }

    /** Every registered scene, in registration order. */
    public static Collection<SceneInfo> all() {
        return SCENES.values();
    }
}
