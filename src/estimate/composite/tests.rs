use super::*;

fn comp(lower: bool) -> ComponentSpec {
    ComponentSpec {
        respondent_level: false,
        lower_is_better: lower,
        goalposts: None,
        weight: None,
    }
}

#[test]
fn min_max_puts_the_best_center_at_one_whichever_the_direction() {
    assert_eq!(min_max(&[2.0, 4.0, 3.0], false), vec![0.0, 1.0, 0.5]);
    assert_eq!(min_max(&[2.0, 4.0, 3.0], true), vec![1.0, 0.0, 0.5]);
    assert_eq!(min_max(&[3.0, 3.0], false), vec![0.0, 0.0]);
}

#[test]
fn goalposts_clamp_and_a_floor_above_the_target_means_lower_is_better() {
    let c = ComponentSpec {
        goalposts: Some((20.0, 5.0)),
        ..comp(true)
    };
    let s = normalize(&[25.0, 20.0, 12.5, 5.0, 2.0], &c, Normalization::Target);
    assert_eq!(s, vec![0.0, 0.0, 0.5, 1.0, 1.0]);
}

#[test]
fn a_column_without_contrast_gets_no_entropy_or_critic_weight() {
    // Column 2 is constant: no information (entropy 1 after min-max, SD 0).
    let r = ndarray::array![[0.0, 0.0], [0.5, 0.0], [1.0, 0.0]];
    assert_eq!(entropy_weights(&r), vec![1.0, 0.0]);
    assert_eq!(critic_weights(&r), vec![1.0, 0.0]);
}

#[test]
fn two_components_that_agree_perfectly_share_the_first_component_equally() {
    let r = ndarray::array![[1.0, 2.0], [2.0, 4.0], [4.0, 8.5]];
    let (w, load, share) = pca_weights(&r);
    assert!((w[0] - 0.5).abs() < 1e-12 && (w[1] - 0.5).abs() < 1e-12);
    assert!(load.iter().all(|&l| l > 0.0));
    assert!(share > 0.99 && share <= 1.0);
}

#[test]
fn weight_sensitivity_with_one_dominant_center_keeps_it_on_top() {
    let centers: Vec<CenterInput> = [[1.0, 1.0], [0.5, 0.4], [0.0, 0.0]]
        .iter()
        .map(|v| CenterInput {
            respondents: vec![],
            own: v.to_vec(),
            points: 0.0,
        })
        .collect();
    let spec = IndexSpec {
        normalization: Normalization::MinMax,
        weights: WeightMethod::Equal,
        points: 100.0,
        components: vec![comp(false), comp(false)],
    };
    let e = evaluate(
        &centers,
        &spec,
        &Uncertainty {
            resamples: 10,
            weight_draws: 200,
            spread: 0.5,
            level: 0.95,
            seed: 1,
        },
    );
    let want = [100.0, 45.0, 0.0];
    for (got, want) in e.point.index.iter().zip(want) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
    assert_eq!(e.sensitivity[0].stays_in_third, Some(1.0));
    assert_eq!(
        (e.sensitivity[0].rank_low, e.sensitivity[0].rank_high),
        (1, 1)
    );
    // Only center-level values: the resamples do not move anything.
    assert_eq!(e.index_interval[1], (e.point.index[1], e.point.index[1]));
    assert_eq!((e.ranks[2].rank_low, e.ranks[2].rank_high), (3, 3));
}
